import type { Table } from "./table";

/** The shared input components: PIN pad, amount keypad, ID-number field. */
export const pad: Table = {
  title: ["输入", "輸入", "Input"],
  delete: ["删除", "刪除", "Delete"],
  pinTitle: ["请输入6位支付密码", "請輸入6位支付密碼", "Enter your 6-digit payment PIN"],
  pinEntered: ["已输入密码位数", "已輸入密碼位數", "PIN digits entered"],
  amountPlaceholder: ["0.00", "0.00", "0.00"],
  amountConfirm: ["确定", "確定", "OK"],
  amountMin: ["金额不能少于{min}", "金額不能少於{min}", "The amount must be at least {min}"],
  amountMax: ["金额不能超过{max}", "金額不能超過{max}", "The amount cannot exceed {max}"],
  amountInvalid: ["请输入正确的金额", "請輸入正確的金額", "Enter a valid amount"],
  idPlaceholder: ["请输入18位身份证号", "請輸入18位身份證號", "18-character ID number"],
  idTyping: ["还差{n}位", "還差{n}位", "{n} more characters"],
  idOk: ["号码校验通过", "號碼校驗通過", "The number checks out"],
  idChecksum: ["校验位不符，请逐位核对号码", "校驗位不符，請逐位核對號碼", "The check character does not match; check each digit"],
  idFormat: ["只能输入数字，最后一位可以是X", "只能輸入數字，最後一位可以是X", "Digits only; the last may be X"],
  idBirth: ["号码中的出生日期不正确", "號碼中的出生日期不正確", "The birth date in the number is not valid"],
};
