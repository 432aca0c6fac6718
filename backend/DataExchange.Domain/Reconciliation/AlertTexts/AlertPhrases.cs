using DataExchange.Domain.Agencies;

namespace DataExchange.Domain.Reconciliation.AlertTexts;

/// <summary>One language's sentences for each rule's facts; unknown codes are shown as they are stored.</summary>
internal abstract class AlertPhrases
{
    public static AlertPhrases Chinese { get; } = new ChinesePhrases();
    public static AlertPhrases English { get; } = new EnglishPhrases();

    public abstract string DroppedOut(string category);
    public abstract string DisabledUnknown(string age);
    public abstract string OutOfSchool(string age);
    public abstract string VisitOverdue(int months, IReadOnlyList<string> reasons, string lastVisit, string due);
    public abstract string Inconsistency((Agency? Agency, string SourceId) record, string kind, string stated, string idSays);
}

internal sealed class ChinesePhrases : AlertPhrases
{
    public override string DroppedOut(string category) => $"民政登记为{Label(category)}的儿童，教育部门记录为辍学（控辍保学）。";

    public override string DisabledUnknown(string age) => $"持残疾人证的{age}岁儿童不在民政部门档案中，可能是困境儿童。";

    public override string OutOfSchool(string age) => $"户籍登记的{age}岁儿童没有学籍记录，可能失学。";

    public override string VisitOverdue(int months, IReadOnlyList<string> reasons, string lastVisit, string due)
    {
        var duty = (months == 1 ? "每月至少走访1次" : $"每{months}个月至少走访1次") + "：" + string.Join("、", reasons.Select(Label));
        return lastVisit.Length == 0
            ? $"没有入户走访记录（{duty}）。"
            : $"入户走访已逾期：上次走访为{lastVisit}，应于{due}前再次走访（{duty}）。";
    }

    public override string Inconsistency((Agency? Agency, string SourceId) record, string kind, string stated, string idSays)
    {
        var who = $"{(record.Agency is { } agency ? AgencyName(agency) : "")}记录{record.SourceId}：";
        return kind switch
        {
            "IdBirthDateMismatch" when stated.Length > 0 => $"{who}出生日期{stated}与身份证号所含出生日期（{idSays}）不一致。",
            "IdBirthDateMismatch" => $"{who}出生日期与身份证号所含出生日期不一致。",
            "IdSexMismatch" when stated.Length > 0 => $"{who}性别（{Sex(stated)}）与身份证号所示性别（{Sex(idSays)}）不一致。",
            "IdSexMismatch" => $"{who}性别与身份证号所示性别不一致。",
            "CertificateIdMismatch" => $"{who}残疾人证号所含身份证号与记录的身份证号不一致。",
            "StudentNumberIdMismatch" => $"{who}学籍号所含身份证号与记录的身份证号不一致。",
            "IdCheckCharacter" => $"{who}身份证号校验码与号码不符，且与户籍登记的身份证号不同，可能有数字录入错误。",
            "IdImpossibleBirthDate" => $"{who}身份证号所含出生日期不可能成立，可能有数字录入错误。",
            _ => $"{who}身份信息自相矛盾。",
        };
    }

    private static string Label(string code) => code switch
    {
        "orphan" => "孤儿",
        "de_facto_unsupported" => "事实无人抚养儿童",
        "left_behind" => "留守儿童",
        "in_difficulty" => "困境儿童",
        VisitDuty.Dropout => "辍学",
        VisitDuty.SeriousIllness => "重病",
        VisitDuty.SevereDisability => "重残",
        _ => code,
    };

    private static string Sex(string code) => code switch { "M" => "男", "F" => "女", _ => code };

    private static string AgencyName(Agency agency) => agency switch
    {
        Agency.PublicSecurity => "公安",
        Agency.Education => "教育部门",
        Agency.Health => "卫生健康部门",
        Agency.DisabledFederation => "残联",
        Agency.CivilAffairs => "民政部门",
        _ => agency.ToCode(),
    };
}

internal sealed class EnglishPhrases : AlertPhrases
{
    public override string DroppedOut(string category) =>
        $"A child registered by civil affairs as {WithArticle(category)} is recorded by education as dropped out (dropout control).";

    public override string DisabledUnknown(string age) =>
        $"A disability-certificate holder aged {age} is not known to civil affairs: possibly a child in difficulty.";

    public override string OutOfSchool(string age) =>
        $"A child aged {age} is in the household register but in no school record: possibly out of school.";

    public override string VisitOverdue(int months, IReadOnlyList<string> reasons, string lastVisit, string due)
    {
        var duty = (months == 1 ? "visits are due every month" : $"visits are due every {months} months") + ": " + string.Join("; ", reasons.Select(Label));
        return lastVisit.Length == 0
            ? $"No home visit is recorded ({duty})."
            : $"A home visit is overdue: the last was on {lastVisit} and the next was due by {due} ({duty}).";
    }

    public override string Inconsistency((Agency? Agency, string SourceId) record, string kind, string stated, string idSays)
    {
        var who = $"{(record.Agency is { } agency ? AgencyName(agency) + " record" : "Record")} {record.SourceId}:";
        return kind switch
        {
            "IdBirthDateMismatch" when stated.Length > 0 => $"{who} its birth date {stated} contradicts the one in its ID number ({idSays}).",
            "IdBirthDateMismatch" => $"{who} its birth date contradicts the one in its ID number.",
            "IdSexMismatch" when stated.Length > 0 => $"{who} its sex ({Sex(stated)}) contradicts the one its ID number encodes ({Sex(idSays)}).",
            "IdSexMismatch" => $"{who} its sex contradicts the one its ID number encodes.",
            "CertificateIdMismatch" => $"{who} the ID number inside its disability certificate number differs from its ID number.",
            "StudentNumberIdMismatch" => $"{who} the ID number inside its student number differs from its ID number.",
            "IdCheckCharacter" => $"{who} its ID number's check character does not fit the other digits and the household register has another number: probably a digit mistyped.",
            "IdImpossibleBirthDate" => $"{who} its ID number holds a birth date that cannot be real: probably a digit mistyped.",
            _ => $"{who} its identifiers contradict each other.",
        };
    }

    private static string WithArticle(string category) => category switch
    {
        "orphan" => "an orphan",
        "de_facto_unsupported" => "a de facto unsupported child",
        "left_behind" => "a left-behind child",
        "in_difficulty" => "a child in difficulty",
        _ => $"'{category}'",
    };

    private static string Label(string code) => code switch
    {
        "orphan" => "orphan",
        "de_facto_unsupported" => "de facto unsupported child",
        "left_behind" => "left-behind child",
        "in_difficulty" => "child in difficulty",
        VisitDuty.Dropout => "dropped out of school",
        VisitDuty.SeriousIllness => "serious illness",
        VisitDuty.SevereDisability => "severe disability",
        _ => code,
    };

    private static string Sex(string code) => code switch { "M" => "male", "F" => "female", _ => code };

    private static string AgencyName(Agency agency) => agency switch
    {
        Agency.PublicSecurity => "Public security",
        Agency.Education => "Education",
        Agency.Health => "Health",
        Agency.DisabledFederation => "Disabled persons' federation",
        Agency.CivilAffairs => "Civil affairs",
        _ => agency.ToCode(),
    };
}
