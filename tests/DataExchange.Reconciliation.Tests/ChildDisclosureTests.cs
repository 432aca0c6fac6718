using DataExchange.Domain.Access;
using DataExchange.Domain.Agencies;
using DataExchange.Reconciliation.Children;

namespace DataExchange.Reconciliation.Tests;

/// <summary>GetChild's filter, field by field, against a fake grant set.</summary>
public class ChildDisclosureTests
{
    private static readonly DateTime At = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private const string Id = "511102201503070011";

    private static readonly ChildView Child = new(
        "C1", 3, true, null,
        new Dictionary<string, StoredGoldenValue>
        {
            ["id_number"] = new(Id, "public_security", "PS1", 1, At, "authority"),
            ["name"] = new("张梓涵", "public_security", "PS1", 1, At, "authority"),
            ["enrollment_status"] = new("dropped_out", "education", "ED1", 2, At, "authority"),
            ["chronic_condition"] = new("asthma", "health", "HE1", 1, At, "authority"),
            ["category"] = new("orphan", "civil_affairs", "CA1", 1, At, "authority"),
        },
        [
            new RecordView("public_security", "PS1", 1, At, new Dictionary<string, string> { ["id_number"] = Id, ["name"] = "张梓涵", ["household_no"] = "5111023612" }),
            new RecordView("education", "ED1", 2, At, new Dictionary<string, string> { ["id_number"] = Id, ["student_no"] = "G" + Id, ["enrollment_status"] = "dropped_out", ["guardian_phone"] = "13975220167" }),
            new RecordView("health", "HE1", 1, At, new Dictionary<string, string> { ["name"] = "张梓涵", ["chronic_condition"] = "asthma" }),
        ],
        [], [], []);

    [Fact]
    public void AGrantForEducationOnlyShowsEducationFieldsAndLeavesTheOthersAbsent()
    {
        var grant = DisclosureGrant.Uniform(Agency.CivilAffairs, new HashSet<FieldGroup> { FieldGroup.Education }, revealIds: false);

        var seen = ChildDisclosure.Filter(Child, grant);

        Assert.Equal(["category", "enrollment_status"], seen.Golden.Keys.Order()); // category: civil affairs supplied it
        Assert.Empty(seen.Records.Single(r => r.Agency == "public_security").Values);
        Assert.Equal(["enrollment_status", "student_no"], seen.Records.Single(r => r.Agency == "education").Values.Keys.Order());
        Assert.Empty(seen.Records.Single(r => r.Agency == "health").Values);
    }

    [Fact]
    public void IdBearingColumnsAreMaskedUnlessTheGrantHasIdentityAndTheReaderAsksToRevealThem()
    {
        var identity = new HashSet<FieldGroup> { FieldGroup.Identity, FieldGroup.Education };

        var masked = ChildDisclosure.Filter(Child, DisclosureGrant.Uniform(Agency.Health, identity, false));
        var revealed = ChildDisclosure.Filter(Child, DisclosureGrant.Uniform(Agency.Health, identity, true));
        var educationOnly = ChildDisclosure.Filter(Child, DisclosureGrant.Uniform(Agency.Health, new HashSet<FieldGroup> { FieldGroup.Education }, revealIds: true));

        Assert.Equal("5111**********0011", masked.Golden["id_number"].Value);
        Assert.Equal("G511***********0011", masked.Records.Single(r => r.Agency == "education").Values["student_no"]);
        Assert.Equal(Id, revealed.Golden["id_number"].Value);
        Assert.Equal("G" + Id, revealed.Records.Single(r => r.Agency == "education").Values["student_no"]);
        Assert.Equal("G511***********0011", educationOnly.Records.Single(r => r.Agency == "education").Values["student_no"]);
    }

    [Fact]
    public void EachRecordIsDisclosedAsItsOwnGrantAllows()
    {
        var onlySchools = new RecordGrant(new HashSet<FieldGroup> { FieldGroup.Identity, FieldGroup.Education }, RevealIds: false);
        var grant = new DisclosureGrant(Agency.CivilAffairs, (agency, _) => agency == "education" ? onlySchools : RecordGrant.Nothing);

        var seen = ChildDisclosure.Filter(Child, grant);

        Assert.Equal(["enrollment_status", "id_number", "student_no"], seen.Records.Single(r => r.Agency == "education").Values.Keys.Order());
        Assert.Empty(seen.Records.Single(r => r.Agency == "public_security").Values);
        Assert.False(seen.Golden.ContainsKey("name")); // from the household register, which no grant covers
        Assert.Equal("dropped_out", seen.Golden["enrollment_status"].Value);
    }

    [Fact]
    public void AnAgencyAlwaysSeesItsOwnRecordsAndTheValuesTheySuppliedInFull()
    {
        var grant = DisclosureGrant.Uniform(Agency.Health, new HashSet<FieldGroup>(), false);

        var seen = ChildDisclosure.Filter(Child, grant);

        Assert.Equal(["chronic_condition"], seen.Golden.Keys);
        Assert.Equal(["chronic_condition", "name"], seen.Records.Single(r => r.Agency == "health").Values.Keys.Order());
        Assert.Empty(seen.Records.Single(r => r.Agency == "education").Values);
    }
}
