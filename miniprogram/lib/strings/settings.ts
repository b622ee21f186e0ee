import type { Table } from "./table";

/** Language, elderly mode and the payment PIN. */
export const settings: Table = {
  title: ["设置", "設置", "Settings"],
  language: ["语言", "語言", "Language"],
  lang_zhCN: ["简体中文", "简体中文", "简体中文"],
  lang_zhTW: ["繁體中文", "繁體中文", "繁體中文"],
  lang_en: ["English", "English", "English"],
  elderly: ["长辈模式", "長輩模式", "Large-text mode"],
  elderlyHint: ["字体更大、对比更强、按键更大", "字體更大、對比更強、按鍵更大", "Larger text, stronger contrast, bigger keys"],
  password: ["支付密码", "支付密碼", "Payment PIN"],
  changePassword: ["修改支付密码", "修改支付密碼", "Change the payment PIN"],
  oldPassword: ["请输入原支付密码", "請輸入原支付密碼", "Enter your current PIN"],
  newPassword: ["请设置新的6位支付密码", "請設置新的6位支付密碼", "Choose a new 6-digit PIN"],
  confirmPassword: ["请再次输入新密码", "請再次輸入新密碼", "Enter the new PIN again"],
  passwordMismatch: ["两次输入的新密码不一致", "兩次輸入的新密碼不一致", "The two new PINs differ"],
  passwordWeak: ["密码过于简单，请换一个", "密碼過於簡單，請換一個", "That PIN is too easy to guess; choose another"],
  passwordSame: ["新密码不能与原密码相同", "新密碼不能與原密碼相同", "The new PIN must differ from the current one"],
  passwordChanged: ["支付密码已修改", "支付密碼已修改", "Your PIN has been changed"],
  cancelChange: ["取消修改", "取消修改", "Cancel"],
  assistant: ["智能助手", "智能助手", "Assistant"],
  account: ["钱包账户", "錢包賬戶", "Wallet account"],
  usageRegion: ["更改使用地", "更改使用地", "Change where I use the wallet"],
  closeWallet: ["注销医保钱包", "註銷醫保錢包", "Close the wallet"],
};
