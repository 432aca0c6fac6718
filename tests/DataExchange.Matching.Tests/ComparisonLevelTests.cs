using DataExchange.Matching.Comparisons;

namespace DataExchange.Matching.Tests;

/// <summary>Every level of every comparison, with the records and the expected level side by side.</summary>
public class ComparisonLevelTests
{
    private static readonly string Valid = Records.ValidId("511133", "20110503", "737");
    private static readonly string ValidSibling = Records.ValidId("511133", "20130810", "512");

    [Theory]
    [InlineData("", "511133201105037373", IdNumberComparison.Null)]
    [InlineData("VALID", "VALID", IdNumberComparison.ExactValid)]
    [InlineData("511133201105037370", "５１１１３３２０１１０５０３７３７０", IdNumberComparison.ExactInvalid)]   // full-width, wrong check character
    [InlineData("511133201105037370", "511133201105037570", IdNumberComparison.OneTypo)]          // one digit
    [InlineData("511133201105037370", "511133201150037370", IdNumberComparison.OneTypo)]          // adjacent swap
    [InlineData("VALID", "SIBLING", IdNumberComparison.DifferentValid)]
    [InlineData("511133201105037370", "450103200905200711", IdNumberComparison.Else)]
    public void IdNumberLevels(string a, string b, int expected)
    {
        string Id(string value) => value == "VALID" ? Valid : value == "SIBLING" ? ValidSibling : value;
        Assert.Equal(expected, new IdNumberComparison().Compare(Records.Of(id: Id(a)), Records.Of(id: Id(b))));
    }

    [Fact]
    public void AnIdInsideAStudentNumberOrCertificateIsComparedLikeAnIdNumber()
    {
        var fromStudent = Records.Of(student: "G" + Valid);
        var fromCertificate = Records.Of(certificate: Valid + "42");
        Assert.Equal(IdNumberComparison.ExactValid, new IdNumberComparison().Compare(fromStudent, Records.Of(id: Valid)));
        Assert.Equal(IdNumberComparison.ExactValid, new IdNumberComparison().Compare(fromCertificate, fromStudent));
    }

    [Theory]
    [InlineData("", "M", "2011-05-03", IdBirthComparison.Null)]                                   // no ID on either side
    [InlineData("511133201105037373", "M", "2011-05-03", IdBirthComparison.Agrees)]             // 7 (odd) = male
    [InlineData("511133201105037373", "F", "2011-05-03", IdBirthComparison.SexDiffers)]
    [InlineData("511133201105037373", "M", "2013-08-10", IdBirthComparison.DateDiffers)]        // a sibling's ID
    public void IdAgainstStatedBirthLevels(string id, string sex, string birth, int expected) =>
        Assert.Equal(expected, new IdBirthComparison().Compare(Records.Of(id: id), Records.Of(sex: sex, birth: birth)));

    [Theory]
    [InlineData("", "张梓涵", NameComparison.Null)]
    [InlineData("张梓涵", "張梓涵", NameComparison.Exact)]                 // traditional folded
    [InlineData("李娜", "李纳", NameComparison.SamePinyin)]               // homophone
    [InlineData("张梓涵", "ZHANG ZIHAN", NameComparison.SamePinyin)]      // romanised
    [InlineData("张梓涵", "Zhang Zi Han", NameComparison.SamePinyin)]
    [InlineData("欧阳娜娜", "OUYANG NANA", NameComparison.SamePinyin)]    // compound surname
    [InlineData("曾小明", "ZENG XIAOMING", NameComparison.SamePinyin)]    // 曾 read as a surname
    [InlineData("阿依古丽·买买提", "阿依古丽•买买提", NameComparison.Exact)] // separator look-alike
    [InlineData("张梓涵", "张 梓涵", NameComparison.Exact)]                // space inside
    [InlineData("张诗涵", "张思涵", NameComparison.FuzzyPinyin)]         // shi/si on a fuzzy-pinyin keyboard
    [InlineData("张梓涵", "张涵", NameComparison.OneMissing)]
    [InlineData("张梓涵", "张梓轩", NameComparison.OneDifferent)]         // the twin pattern
    [InlineData("张梓涵", "张伟", NameComparison.SameSurname)]
    [InlineData("张梓涵", "李伟", NameComparison.Else)]
    public void NameLevels(string a, string b, int expected) =>
        Assert.Equal(expected, new NameComparison().Compare(Records.Of(name: a), Records.Of(name: b)));

    [Theory]
    [InlineData("", "2015-03-07", BirthDateComparison.Null)]
    [InlineData("2015-03-07", "2015年03月07日", BirthDateComparison.Exact)]
    [InlineData("2015-03-07", "20150308", BirthDateComparison.OneOff)]          // a day off
    [InlineData("2015-03-07", "2015/03/27", BirthDateComparison.OneOff)]        // one digit
    [InlineData("2015-03-07", "2015-07-03", BirthDateComparison.DayMonthSwapped)]
    [InlineData("2015-03-07", "2015-03-21", BirthDateComparison.SameMonth)]
    [InlineData("2015-03-07", "2012-11-21", BirthDateComparison.Else)]
    public void BirthDateLevels(string a, string b, int expected) =>
        Assert.Equal(expected, new BirthDateComparison().Compare(Records.Of(birth: a), Records.Of(birth: b)));

    [Theory]
    [InlineData("", "M", SexComparison.Null)]
    [InlineData("F", "F", SexComparison.Exact)]
    [InlineData("F", "M", SexComparison.Else)]
    public void SexLevels(string a, string b, int expected) =>
        Assert.Equal(expected, new SexComparison().Compare(Records.Of(sex: a), Records.Of(sex: b)));

    [Theory]
    [InlineData("", "511133", RegionComparison.Null)]
    [InlineData("511133", "511133", RegionComparison.County)]
    [InlineData("511133", "511129", RegionComparison.City)]
    [InlineData("511133", "510104", RegionComparison.Province)]
    [InlineData("511133", "450103", RegionComparison.Else)]
    public void RegionLevels(string a, string b, int expected) =>
        Assert.Equal(expected, new RegionComparison().Compare(Records.Of(region: a), Records.Of(region: b)));

    [Theory]
    [InlineData("", "沐川县兴兴镇坪安村1组61号", AddressComparison.Null)]
    [InlineData("四川省乐山市沐川县兴兴镇坪安村1组61号", "沐川县兴兴镇坪安村1社61号", AddressComparison.Exact)]
    [InlineData("沐川县兴兴镇坪安村1组61号", "沐川县兴兴镇坪安村3组12号", AddressComparison.SameVillage)]
    [InlineData("沐川县兴兴镇坪安村1组61号", "沐川县兴兴镇龙林村3组12号", AddressComparison.SameTown)]
    [InlineData("沐川县兴兴镇坪安村1组61号", "阳朔县湾山镇龙林村6组53号", AddressComparison.Else)]
    public void AddressLevels(string a, string b, int expected) =>
        Assert.Equal(expected, new AddressComparison().Compare(Records.Of(address: a), Records.Of(address: b)));

    [Theory]
    [InlineData("", "", "戴奕颖", "15364039202", FamilyComparison.Null)]
    [InlineData("戴奕颖", "15364039202", "戴奕颖", "153 6403 9202", FamilyComparison.PhoneAndName)]
    [InlineData("戴奕颖", "15364039202", "戴明", "15364039202", FamilyComparison.PhoneOrParentId)]
    [InlineData("戴奕颖", "15364039202", "戴奕英", "13900000000", FamilyComparison.Name)]   // homophone guardian name
    [InlineData("戴奕颖", "15364039202", "王明", "13900000000", FamilyComparison.Else)]
    public void FamilyLevels(string guardianA, string phoneA, string guardianB, string phoneB, int expected) =>
        Assert.Equal(expected, new FamilyComparison().Compare(
            Records.Of(guardian: guardianA, phone: phoneA), Records.Of(guardian: guardianB, phone: phoneB)));

    [Fact]
    public void AGuardianWhoIsAParentAgreesWithTheRegisteredParentName() =>
        Assert.Equal(FamilyComparison.Name, new FamilyComparison().Compare(
            Records.Of(agency: Domain.Agencies.Agency.PublicSecurity, father: "孙若金", mother: "秦雨雪"),
            Records.Of(guardian: "秦雨雪", phone: "15364039202")));

    [Theory]
    [InlineData("", "", "", "", "", "", HouseholdComparison.Null)]
    [InlineData("兴兴镇坪安村1组61号", "戴奕颖", "15364039202", "兴兴镇坪安村1组61号", "戴明", "15364039202", HouseholdComparison.AddressAndPhone)]
    [InlineData("兴兴镇坪安村1组61号", "戴奕颖", "", "兴兴镇坪安村1组61号", "戴奕颖", "15364039202", HouseholdComparison.AddressAndFamily)]
    [InlineData("兴兴镇坪安村1组61号", "戴奕颖", "15364039202", "兴兴镇坪安村1组61号", "王五", "13900000000", HouseholdComparison.Address)]
    [InlineData("兴兴镇坪安村1组61号", "戴奕颖", "15364039202", "湾山镇龙林村6组53号", "戴奕颖", "15364039202", HouseholdComparison.PhoneMoved)]
    [InlineData("兴兴镇坪安村1组61号", "戴奕颖", "", "湾山镇龙林村6组53号", "戴奕颖", "13900000000", HouseholdComparison.FamilyMoved)]
    [InlineData("兴兴镇坪安村1组61号", "戴奕颖", "15364039202", "兴兴镇坪安村2组10号", "王五", "13900000000", HouseholdComparison.SameVillage)]
    [InlineData("兴兴镇坪安村1组61号", "戴奕颖", "15364039202", "湾山镇龙林村6组53号", "王五", "13900000000", HouseholdComparison.Else)]
    public void HouseholdLevels(string addressA, string guardianA, string phoneA, string addressB, string guardianB, string phoneB, int expected) =>
        Assert.Equal(expected, new HouseholdComparison().Compare(
            Records.Of(address: addressA, guardian: guardianA, phone: phoneA),
            Records.Of(address: addressB, guardian: guardianB, phone: phoneB)));
}
