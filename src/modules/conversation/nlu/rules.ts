// Which flow an utterance asks for. Rules are tried in order and the first match wins, so a
// rule sits above every rule whose words it contains: "转人工" (agent) above "转" (transfer),
// "有人给我转钱了吗" (incoming) above transfer, "转账限额" (rules) above transfer, "缴费记录"
// (bills) above premium, "接受邀请" above "邀请" (bind).

export type Intent =
  | "transfer"
  | "pay_premium"
  | "bind_relative"
  | "unbind"
  | "accept_invitation"
  | "cancel_invitation"
  | "incoming_transfers"
  | "open_wallet"
  | "close_wallet"
  | "guardian"
  | "balance"
  | "bills"
  | "ecode"
  | "merchants"
  | "change_pin"
  | "usage_region"
  | "family_payments"
  | "rules"
  | "agent"
  | "help"
  | "cancel"
  | "back"
  | "unknown";

type Rule = { intent: Intent; zh: RegExp; en?: RegExp };

// Kinship first characters: "转给我的妈妈…" sends to the speaker's mother, it is not "sent to me".
const KIN_START = "妈爸老儿女闺哥姐弟妹爷奶外姥孙爱媳孩父母家丈妻";

const EN_KIN =
  "relatives?|family|members?|mom|mum|mother|dad|father|wife|husband|sons?|daughters?|brothers?|sisters?|grand\\w*|parents?|spouse|child|kids?";

// Opposites sit above the words they contain: cancelling an invitation above unbind, cancel and
// bind; unbind (解除绑定) above cancel (取消) and bind (绑); closing the wallet above cancel and opening,
// quotas (取消…额度) above cancel and the rules' 额度/限额.
const RULES: readonly Rule[] = [
  {
    intent: "family_payments",
    zh: /(?<!转账的?|每天的?|单笔的?)额度|亲情账户|亲情付|代付|看护人|照护人|代.{0,6}出示|(?:还|能|可以)用多少(?!钱)|还能用(?:吗|么)?$/,
    en: /\bquotas?\b|\ballowance\b|\bcare access\b|\bcarers?\b|\bcaregivers?\b/,
  },
  {
    intent: "cancel_invitation",
    zh: /(?:取消|撤回|撤销|收回|作废|删除).{0,8}邀请|邀请.{0,6}(?:取消|撤回|撤销|作废)掉?/,
    en: /\b(?:cancel|withdraw|revoke|retract|take back|delete)\b.{0,30}\binvit/,
  },
  {
    intent: "unbind",
    zh: /解绑|解除.{0,8}(?:绑定|关系|共济|关联)|取消.{0,8}(?:绑定|共济关系|关联)|(?:删除|移除|删掉|去掉|踢掉|踢出).{0,6}(?:亲属|家人|家属|绑定|共济|[妈爸老儿女闺哥姐弟妹爷奶外姥孙爱媳孩父母丈妻])|把.{1,8}(?:删|移除|去掉)|不(?:想|要|再)?(?:和|跟|与).{0,8}(?:绑定|共济|关联)了?|^解除$/,
    en: new RegExp(
      `\\b(?:unbind|unlink|disconnect)\\b|\\b(?:remove|delete|drop)\\b.{0,30}\\b(?:${EN_KIN})\\b|\\bstop sharing\\b|\\bend (?:the |my )?(?:binding|link)\\b`,
    ),
  },
  {
    intent: "close_wallet",
    zh: /注销|销户|(?:关闭|关掉|停用|删除|销掉).{0,4}(?:医保)?钱包|钱包.{0,4}(?:注销|关闭|关掉|停用|不用了|不要了)/,
    en: /\b(?:close|deactivate|delete|terminate|cancel)\b.{0,20}\b(?:wallet|account)\b/,
  },
  {
    intent: "cancel",
    zh: /取消|算了|不要了|不用了|不(?:给.{0,6})?(?:转|交|缴|办|绑)了|别转了|退出|放弃|^不要$|^不用$|^结束$|^停$/,
    en: /^(?:cancel|stop|quit|exit|abort)\b|\bcancel\b|\bnever ?mind\b|\bforget (?:it|about it)\b/,
  },
  {
    intent: "back",
    zh: /返回|上一步|上一个问题|后退|回退|^回去$/,
    en: /^(?:back|go back|previous|step back|undo)$|\bgo back\b|\bprevious (?:step|question)\b/,
  },
  {
    intent: "agent",
    zh: /人工|客服|真人|坐席|投诉|活人|接线员|服务人员/,
    en: /\b(?:agent|human|real person|customer (?:service|support)|operator|representative|live (?:chat|person|support))\b|\b(?:talk|speak|chat) (?:to|with) (?:a |an )?(?:person|someone|somebody|staff)\b/,
  },
  {
    intent: "change_pin",
    zh: /(?:改|修改|更改|重置|重设|换|变更|设置新的?|更换)(?:一下|个|下)?.{0,4}(?:支付|付款)?密码|密码.{0,4}(?:改|修改|更改|换|重置)|(?:忘记|忘了|不记得).{0,4}密码/,
    en: /\b(?:change|reset|update|new|forgot|forgotten)\b.{0,20}\b(?:pin|password|passcode)\b/,
  },
  {
    intent: "usage_region",
    zh: /使用地|使用城市|使用地区|(?:改|换|更改|修改|变更|切换).{0,6}(?:城市|地区|所在地|就医地)|搬到|搬家/,
    en: /\busage (?:location|region|city|place)\b|\b(?:change|switch|move|update)\b.{0,20}\b(?:city|region|location)\b|\bmoved to\b/,
  },
  {
    intent: "guardian",
    zh: /代开通|代开|代为开通|未成年|未满(?:16|十六)|监护|(?:孩子|小孩|儿子|女儿|闺女|孙子|孙女|外孙|宝宝|娃).{0,4}(?:开通|开个?钱包|开户)|(?:给|帮|替|为)(?:我的?)?(?:孩子|小孩|儿子|女儿|闺女|孙子|孙女|外孙女?|宝宝|娃)(?:开通|开个?钱包|开户)/,
    en: /\bminors?\b|\bguardian\b|\bunder 16\b|\b(?:open|set ?up|create)\b.{0,20}\bwallet\b.{0,10}\bfor (?:my )?(?:sons?|daughters?|child|kids?|baby|grand(?:son|daughter|child))\b/,
  },
  {
    intent: "accept_invitation",
    zh: /(?:接受|同意|确认|答应|通过|拒绝|不接受|不同意|谢绝|回绝)了?.{0,6}邀请|(?:接受|同意|确认)(?:绑定|共济)|邀请码|收到.{0,4}邀请/,
    en: /\b(?:accept|decline|reject|refuse)\b.*\binvit|\binvitation code\b|\bgot an invitation\b|\bjoin\b.*\bfamily\b/,
  },
  {
    intent: "incoming_transfers",
    zh: new RegExp(
      `收款|待接收|待收|收钱|领钱|领取|收下|接收|确认收|有人给我转|谁给我转|给我转的|给我的转账|转入的|` +
        `转给我的(?![${KIN_START}])|拒收|拒绝.{0,4}转账|退回.{0,4}转账|不要.{0,6}(?:转|给)我的钱|转的钱.{0,2}退|退回去|收(?:一下|下)?钱|收到.{0,4}(?:转账|钱)`,
    ),
    en: /\b(?:incoming|received|receive|pending transfers?|sent me|send me money|money (?:sent|transferred) to me)\b|\b(?:accept|decline|reject|refuse) (?:the |a |this |that )?(?:transfer|money|payment)\b|\bdid (?:anyone|someone|somebody) send\b/,
  },
  {
    intent: "open_wallet",
    zh: /开通|开户|激活|开个钱包|开钱包|申请.{0,4}钱包|办.{0,2}钱包|注册/,
    en: /\b(?:open|activate|create|set ?up|register|get)\b.{0,24}\bwallet\b|\bsign up\b/,
  },
  {
    intent: "merchants",
    zh: /哪(?:些|个|家|里)的?(?:医院|药店|药房|诊所|机构|地方)|(?:医院|药店|药房|诊所|机构|定点).{0,8}(?:能用|可以用|支持|接受|收不收|用得了|能刷)|(?:附近|周边|找).{0,4}(?:医院|药店|药房|诊所)|定点(?:医院|药店|药房|机构)|(?:能|可以)用(?:医保)?钱包的(?:医院|药店|药房|地方)/,
    en: /\b(?:which|where|find|nearby|near me|list|search)\b.{0,30}\b(?:hospitals?|pharmac(?:y|ies)|clinics?|institutions?|drugstores?|places?)\b|\b(?:hospitals?|pharmac(?:y|ies)|clinics?|drugstores?)\b.{0,30}\b(?:accept|near|nearby|around)\b/,
  },
  {
    intent: "ecode",
    zh: /付款码|医保码|电子码|支付码|二维码|亮.{0,3}码|出示.{0,4}码|扫码|买药|(?:看病|就医|医院|药店|药房|门诊|住院).{0,6}(?:付|支付|结算|结账|交钱|缴费|买单)|(?:付|交|缴|结).{0,4}(?:医药费|药费|医疗费|诊费|挂号费|住院费|门诊费|检查费)|^(?:我要)?(?:付款|支付|结账|买单)$/,
    en: /\b(?:e ?code|payment code|qr ?code|pay code)\b|\bpay (?:at|for|in) (?:the |a )?(?:hospital|pharmacy|clinic|doctor|medicine|drugs|counter)\b|\bpay (?:a|my|the|this) (?:bill|hospital bill|medical bill)\b|\bshow (?:me )?(?:my )?code\b/,
  },
  {
    intent: "rules",
    zh: /规则|政策|限额|额度|上限|最多|每天.{0,4}(?:几|多少)|(?:能|可以)给谁|给谁(?:能|可以)|谁(?:能|可以)|哪些(?:人|亲属|家人)|什么时候(?:能|可以)|几点|次数|范围|跨省/,
    en: /\b(?:rules?|limits?|policy|policies|maximum|max)\b|\bwho can i (?:send|transfer|pay)\b|\bhow much can i (?:send|transfer)\b|\bhow many (?:times|transfers)\b/,
  },
  {
    intent: "bills",
    zh: /账单|明细|记录|流水|花了多少|花费|消费|支出|交易|收支|历史|用了多少|花在哪/,
    en: /\b(?:bills?|statements?|history|transactions?|records?|spending|spent|expenses?|activity)\b/,
  },
  {
    intent: "pay_premium",
    zh: /(?:交|缴|续|买|办|付|参|充).{0,8}?(?:医保|保费|保险|长护|护理险|医疗险|社保)|(?:今|明|后|\d)年度?的?(?:医保|长护)|缴费|交费|续费|续保|保费|参保|医保费|长护险|长期护理|护理保险|护理险/,
    en: /\bpremiums?\b|\b(?:pay|renew|buy)\b.{0,30}\b(?:insurance|coverage|contribution|long ?term care)\b|\blong ?term care\b|\bcontribution\b/,
  },
  {
    intent: "bind_relative",
    zh: /添加|(?<!解)绑|邀请|关联|加.{0,4}(?:亲属|家人|家属)|新增.{0,4}(?:亲属|家人)|共济亲属|^(?:我的)?(?:亲属|家人|家属)$/,
    en: new RegExp(`\\b(?:add|bind|link|invite|connect)\\b.{0,30}\\b(?:${EN_KIN})\\b|\\binvite\\b`),
  },
  {
    intent: "transfer",
    zh: /转|汇|打钱|打款|打.{0,6}[块元]|给.{0,8}[钱块元]|共济|送钱|寄钱|发钱/,
    en: /\b(?:send|transfer|wire|give|remit|pay)\b/,
  },
  {
    intent: "balance",
    zh: /余额|多少钱|剩多少|剩下多少|还剩|余款|查钱|有多少|还有钱|^(?:我的)?(?:医保)?钱包$/,
    en: /\bbalance\b|\bhow much (?:money )?(?:do i have|have i got|is (?:left|there)|is in)\b|\bmoney left\b|^(?:my )?wallet$/,
  },
  {
    intent: "help",
    zh: /帮助|能做什么|可以做什么|会做什么|能干什么|能干啥|能做啥|做甚么|怎么用|如何使用|使用说明|功能|菜单|^你好|^您好|^在吗|^你是谁|有什么用|不会用/,
    en: /\b(?:help|what can you do|menu|how (?:does|do) (?:this|it|you) work|how to use|hello|hi|hey|what do you do)\b/,
  },
];

/** The first rule's intent that matches either the Chinese or the English form of the text. */
export function classify(compact: string, words: string): Intent {
  for (const rule of RULES) {
    if (rule.zh.test(compact) || (rule.en?.test(words) ?? false)) return rule.intent;
  }
  return "unknown";
}
