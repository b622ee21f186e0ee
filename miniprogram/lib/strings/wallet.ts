import type { Table } from "./table";

/** Opening the wallet: real name, agreement, face check, payment PIN. */
export const wallet: Table = {
  title: ["开通医保钱包", "開通醫保錢包", "Open the wallet"],
  stepRealName: ["第一步：实名认证", "第一步：實名認證", "Step 1: identity verification"],
  realNameHint: [
    "请填写与医保登记一致的姓名和身份证号",
    "請填寫與醫保登記一致的姓名和身份證號",
    "Enter your name and ID number as registered with medical insurance",
  ],
  verify: ["认证并继续", "認證並繼續", "Verify and continue"],
  stepAgreement: ["阅读并同意服务协议", "閱讀並同意服務協議", "Read and accept the agreement"],
  agree: ["我已阅读并同意《医保钱包服务协议》", "我已閱讀並同意《醫保錢包服務協議》", "I have read and accept the wallet agreement"],
  mustAgree: ["请先同意服务协议", "請先同意服務協議", "Accept the agreement first"],
  usageRegion: ["使用地（统筹区）", "使用地（統籌區）", "Insurance region where you use it"],
  phoneLabel: ["手机号（选填）", "手機號（選填）", "Mobile number (optional)"],
  phoneInvalid: ["请输入11位手机号", "請輸入11位手機號", "Enter an 11-digit mobile number"],
  faceHint: [
    "开通前需要进行人脸识别，确认是本人操作",
    "開通前需要進行人臉識別，確認是本人操作",
    "A face check confirms it is you before the wallet opens",
  ],
  identityForFace: [
    "请再次输入本人姓名和身份证号用于人脸识别",
    "請再次輸入本人姓名和身份證號用於人臉識別",
    "Enter your name and ID number again for the face check",
  ],
  stepPassword: ["设置6位支付密码", "設置6位支付密碼", "Set a 6-digit payment PIN"],
  passwordRules: [
    "不能是连续或相同的数字，也不能是出生日期",
    "不能是連續或相同的數字，也不能是出生日期",
    "Not a run of digits, not all the same digit, not your birth date",
  ],
  confirmPassword: ["请再次输入支付密码", "請再次輸入支付密碼", "Enter the PIN again"],
  passwordMismatch: ["两次输入的密码不一致，请重新设置", "兩次輸入的密碼不一致，請重新設置", "The two PINs differ; set it again"],
  passwordWeak: ["密码过于简单，请换一个", "密碼過於簡單，請換一個", "That PIN is too easy to guess; choose another"],
  opened: ["医保钱包已开通", "醫保錢包已開通", "Your wallet is open"],
  alreadyOpen: ["您已开通医保钱包", "您已開通醫保錢包", "Your wallet is already open"],
  goHome: ["返回首页", "返回首頁", "Back to home"],
};
