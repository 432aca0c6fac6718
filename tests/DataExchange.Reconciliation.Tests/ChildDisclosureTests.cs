using DataExchange.Domain.Access;
using DataExchange.Domain.Agencies;
using DataExchange.Reconciliation.Children;

namespace DataExchange.Reconciliation.Tests;

/// <summary>What ChildDisclosure shows of one child, against literal grants.</summary>
public class ChildDisclosureTests
{
    private static readonly DateTime At = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = new(2026, 11, 2);
    private const string Id = "511102201503070011";

    private static readonly ChildView Child = new(
        "C1", 3, true, null,
        new Dictionary<string, StoredGoldenValue>
        {
            ["id_number"] = new(Id, "public_security", "PS1", 1, At, "authority"),
            ["name"] = new("张梓涵", "public_security", "PS1", 1, At, "authority"),
            ["enrollment_status"] = new("dropped_out", "education", "ED1", 2, At, "authority"),
            ["chronic_condition"] = new("asthma", "health", "HE1", 1, At, "authority"),
        },
        [
            new RecordView("public_security", "PS1", 1, At, new Dictionary<string, string> { ["id_number"] = Id, ["name"] = "张梓涵", ["household_no"] = "5111023612" }),
            new RecordView("education", "ED1", 2, At, new Dictionary<string, string>
            {
                ["id_number"] = Id, ["name"] = "张子涵", ["student_no"] = "G" + Id, ["enrollment_status"] = "dropped_out", ["guardian_phone"] = "13975220167",
            }),
            new RecordView("health", "HE1", 1, At, new Dictionary<string, string> { ["name"] = "张梓涵", ["chronic_condition"] = "asthma" }),
        ],
        [], [new AlertView(9, "IdentityInconsistency", "health", "open", 1, "stored text", At)],
        [new HistoryEntry(1, "created", "", At, ",public_security=created,"), new HistoryEntry(2, "linked", "alerted", At, ",education=created,")]);

    private static readonly IReadOnlySet<FieldGroup> Nothing = new HashSet<FieldGroup>();

    [Fact]
    public void WithoutAGrantAnAgencySeesOnlyItsOwnRecordAndWhatItSays()
    {
        var seen = ChildDisclosure.Filter(Child, DisclosureGrant.Uniform(Agency.Education, Nothing, false), Today)!;

        Assert.Equal(["education"], seen.Records.Select(r => r.Agency));
        // Its own name, although public security's (the authority) won the stored golden record.
        Assert.Equal("张子涵", seen.Golden["name"].Value);
        Assert.Equal("education", seen.Golden["name"].Agency);
        Assert.DoesNotContain("chronic_condition", seen.Golden.Keys);
        Assert.Equal(0, seen.Version);
        Assert.Empty(seen.Alerts);
        Assert.Equal(["created"], seen.History.Select(entry => entry.Kind)); // its own first record: "created" to it
        Assert.Equal("", seen.History.Single().Detail);
    }

    [Fact]
    public void AChildOfWhichTheReaderMaySeeNothingIsNotFound()
    {
        var child = Child with { Records = [.. Child.Records.Where(record => record.Agency != "education")] };

        Assert.Null(ChildDisclosure.Filter(child, DisclosureGrant.Uniform(Agency.Education, Nothing, false), Today));
    }

    [Fact]
    public void AGrantOfGroupsAnAgencysRecordsDoNotHaveOpensNotEvenItsExistence()
    {
        var grant = DisclosureGrant.Uniform(Agency.CivilAffairs, new HashSet<FieldGroup> { FieldGroup.Education }, revealIds: false);

        var seen = ChildDisclosure.Filter(Child, grant, Today)!;

        Assert.Equal(["education"], seen.Records.Select(r => r.Agency)); // health and public security records have no education columns
        Assert.Equal(["enrollment_status", "student_no"], seen.Records.Single().Values.Keys.Order());
        Assert.Equal(["enrollment_status", "student_no"], seen.Golden.Keys.Order());
    }

    [Fact]
    public void IdBearingColumnsAreMaskedUnlessTheGrantHasIdentityAndTheReaderAsksToRevealThem()
    {
        var identity = new HashSet<FieldGroup> { FieldGroup.Identity, FieldGroup.Education };

        var masked = ChildDisclosure.Filter(Child, DisclosureGrant.Uniform(Agency.Health, identity, false), Today)!;
        var revealed = ChildDisclosure.Filter(Child, DisclosureGrant.Uniform(Agency.Health, identity, true), Today)!;

        Assert.Equal("5111**********0011", masked.Golden["id_number"].Value);
        Assert.Equal("G511***********0011", masked.Records.Single(r => r.Agency == "education").Values["student_no"]);
        Assert.Equal(Id, revealed.Golden["id_number"].Value);
        Assert.Equal("G" + Id, revealed.Records.Single(r => r.Agency == "education").Values["student_no"]);
    }

    [Fact]
    public void AStewardSeesEveryRecordsIdentityMaskedForComparisonAndNoHealthWithoutAGrant()
    {
        var typo = Id[..9] + "9" + Id[10..];
        var child = Child with
        {
            Records = [.. Child.Records.Select(r => r.Agency == "education" ? r with { Values = new Dictionary<string, string>(r.Values) { ["id_number"] = typo } } : r)],
        };
        var steward = new DisclosureGrant(Agency.CivilAffairs, (_, _) => RecordGrant.Nothing) { Steward = true };

        var seen = ChildDisclosure.Filter(child, steward, Today)!;

        Assert.Equal(3, seen.Records.Count);
        Assert.Equal("5111*****9****0011", seen.Records.Single(r => r.Agency == "education").Values["id_number"]); // the differing digit
        Assert.Equal("5111**********0011", seen.Records.Single(r => r.Agency == "public_security").Values["id_number"]);
        Assert.DoesNotContain("chronic_condition", seen.Records.Single(r => r.Agency == "health").Values.Keys);
        Assert.DoesNotContain("chronic_condition", seen.Golden.Keys);
        Assert.Equal(3, seen.Version);
        Assert.Equal(2, seen.History.Count);
    }

    [Fact]
    public void AnAgencyIsShownTheAlertsAddressedToItFromWhatItMaySee()
    {
        // Civil affairs holding no record, with a grant on the federation's: "a disabled child unknown to civil affairs".
        var child = Child with
        {
            Records =
            [
                new RecordView("disabled_federation", "DF1", 1, At, new Dictionary<string, string>
                {
                    ["birth_date"] = "2015-03-07", ["disability_cert_no"] = Id + "42", ["disability_category"] = "4",
                }),
                new RecordView("public_security", "PS1", 1, At, new Dictionary<string, string> { ["birth_date"] = "2001-03-07" }),
            ],
        };
        var federation = new RecordGrant(new HashSet<FieldGroup> { FieldGroup.Identity, FieldGroup.Disability }, false);
        var grant = new DisclosureGrant(Agency.CivilAffairs, (agency, _) => agency == "disabled_federation" ? federation : RecordGrant.Nothing);

        var seen = ChildDisclosure.Filter(child, grant, Today)!;

        var alert = Assert.Single(seen.Alerts);
        Assert.Equal("DisabledChildUnknownToCivilAffairs", alert.Rule);
        Assert.DoesNotContain(Id, alert.Message);
        Assert.Equal(0, alert.Id); // ids and statuses are the stewards' bookkeeping
        Assert.Equal(["disabled_federation"], seen.Records.Select(r => r.Agency)); // public security's birth date is not its to see
    }
}
