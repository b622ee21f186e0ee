import type { Table } from "./table";

/** Where the wallet is used (使用地): the pooling regions by name. */
export const usage: Table = {
  title: ["使用地", "使用地", "Where I use the wallet"],
  heading: ["医保钱包使用地", "醫保錢包使用地", "Where I use the wallet"],
  what: [
    "使用地是您用医保钱包就医购药的统筹区，默认是参保地；更改后参保地不变",
    "使用地是您用醫保錢包就醫購藥的統籌區，默認是參保地；更改後參保地不變",
    "The insurance region where you pay with the wallet; it starts as your own region, which a change does not move",
  ],
  current: ["当前使用地：{name}", "當前使用地：{name}", "Now: {name}"],
  currentLabel: ["{name}，当前使用地", "{name}，當前使用地", "{name}, where you use it now"],
  none: ["暂时没有可选的统筹区", "暫時沒有可選的統籌區", "No insurance region to choose from yet"],
  confirmChange: ["确定把使用地改为{name}吗？", "確定把使用地改為{name}嗎？", "Use the wallet in {name} from now on?"],
  changed: ["使用地已改为{name}", "使用地已改為{name}", "You now use the wallet in {name}"],
  needWallet: ["开通医保钱包后才能选择使用地", "開通醫保錢包後才能選擇使用地", "Open the wallet first, then choose where you use it"],
  openWallet: ["开通医保钱包", "開通醫保錢包", "Open the wallet"],
};
