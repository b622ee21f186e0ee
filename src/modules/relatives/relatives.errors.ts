import { DomainError } from "@/lib/problem";

export const relativeErrors = {
  notAllowed: (relation: string, scope: string) =>
    new DomainError(
      "RELATION_NOT_ALLOWED",
      422,
      "您所在统筹区的政策不允许与该亲属共济",
      "Your region's policy does not allow this relation",
      { relation, scope },
    ),
  implausible: () =>
    new DomainError(
      "RELATION_IMPLAUSIBLE",
      422,
      "亲属关系与出生日期不符，请检查关系和身份证号码",
      "The relation does not fit the birth dates; check the relation and ID number",
    ),
  notVerified: () =>
    new DomainError("RELATION_NOT_VERIFIED", 422, "未能在户籍或参保登记中核实该亲属关系", "The registry could not confirm this relation"),
  limit: (max: number) =>
    new DomainError("BINDING_LIMIT", 422, `最多可添加 ${max} 位共济亲属`, `At most ${max} relatives can be added`, { limit: max }),
  alreadyBound: () => new DomainError("ALREADY_BOUND", 409, "已与该亲属绑定", "You are already bound to this relative"),
  invitationPending: () =>
    new DomainError("INVITATION_PENDING", 409, "已向该亲属发出邀请，请等待对方确认", "An invitation to this relative is already pending"),
  expired: () => new DomainError("INVITATION_EXPIRED", 422, "邀请已过期", "The invitation has expired"),
  notForYou: () => new DomainError("INVITATION_NOT_FOR_YOU", 422, "该邀请不是发给您的", "This invitation is not for you"),
  notPending: (status: string) =>
    new DomainError("INVITATION_NOT_PENDING", 409, "该邀请已处理", "The invitation is no longer pending", { invitationStatus: status }),
  minorCannotAccept: () =>
    new DomainError("MINOR_CANNOT_ACCEPT", 422, "未满16周岁的亲属需由父母直接添加", "A relative under 16 is added directly by a parent"),
  notMinor: () =>
    new DomainError("NOT_A_MINOR", 422, "该亲属已满16周岁，请发送邀请", "The relative is 16 or older; send an invitation instead"),
  notBound: () => new DomainError("NOT_BOUND", 422, "你们已不是共济亲属", "You are no longer bound to this relative"),
};
