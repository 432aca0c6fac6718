using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Contracts.V1;
using DataExchange.Domain.Identifiers;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Agency = DataExchange.Domain.Agencies.Agency;
using Contract = DataExchange.Contracts.V1;

namespace DataExchange.Api.SecurityTests;

/// <summary>A grant discloses exactly its field groups, field by field; ID numbers stay masked unless full identity is granted and asked for.</summary>
public sealed class FieldGrantTests(SqliteSecurityHub hub) : IClassFixture<SqliteSecurityHub>
{
    /// <summary>The group of every column, spelled out here independently of the domain's map.</summary>
    private static readonly Dictionary<string, Contract.FieldGroup> GroupOf = new()
    {
        ["id_number"] = Contract.FieldGroup.Identity, ["name"] = Contract.FieldGroup.Identity, ["sex"] = Contract.FieldGroup.Identity,
        ["birth_date"] = Contract.FieldGroup.Identity, ["region_code"] = Contract.FieldGroup.Contact, ["address"] = Contract.FieldGroup.Contact,
        ["public_security.household_no"] = Contract.FieldGroup.Identity, ["public_security.father_name"] = Contract.FieldGroup.Identity,
        ["public_security.father_id_number"] = Contract.FieldGroup.Identity, ["public_security.mother_name"] = Contract.FieldGroup.Identity,
        ["public_security.mother_id_number"] = Contract.FieldGroup.Identity,
        ["education.student_no"] = Contract.FieldGroup.Education, ["education.school_name"] = Contract.FieldGroup.Education,
        ["education.grade"] = Contract.FieldGroup.Education, ["education.enrollment_status"] = Contract.FieldGroup.Education,
        ["education.guardian_name"] = Contract.FieldGroup.Contact, ["education.guardian_phone"] = Contract.FieldGroup.Contact,
        ["health.health_record_no"] = Contract.FieldGroup.Health, ["health.guardian_name"] = Contract.FieldGroup.Contact,
        ["health.guardian_phone"] = Contract.FieldGroup.Contact, ["health.chronic_condition"] = Contract.FieldGroup.Health,
        ["health.last_visit_date"] = Contract.FieldGroup.Health,
        ["disabled_federation.disability_cert_no"] = Contract.FieldGroup.Disability, ["disabled_federation.disability_category"] = Contract.FieldGroup.Disability,
        ["disabled_federation.disability_level"] = Contract.FieldGroup.Disability, ["disabled_federation.guardian_name"] = Contract.FieldGroup.Contact,
        ["civil_affairs.category"] = Contract.FieldGroup.Welfare, ["civil_affairs.guardian_name"] = Contract.FieldGroup.Contact,
        ["civil_affairs.guardian_relation"] = Contract.FieldGroup.Contact, ["civil_affairs.guardian_phone"] = Contract.FieldGroup.Contact,
        ["civil_affairs.parents_status"] = Contract.FieldGroup.Welfare, ["civil_affairs.last_visit_date"] = Contract.FieldGroup.Welfare,
    };

    private static readonly HashSet<string> IdBearing =
    [
        "id_number", "public_security.father_id_number", "public_security.mother_id_number", "education.student_no", "disabled_federation.disability_cert_no",
    ];

    public static IEnumerable<object[]> OwnersAndGroups() =>
        from owner in new[] { Agency.PublicSecurity, Agency.Education, Agency.Health, Agency.DisabledFederation, Agency.CivilAffairs }
        from groupValue in Enum.GetValues<Contract.FieldGroup>().Where(candidate => candidate != Contract.FieldGroup.Unspecified)
        select new object[] { owner, groupValue };

    private static Agency ReaderOf(Agency owner) => owner == Agency.CivilAffairs ? Agency.Education : Agency.CivilAffairs;

    private async Task<GetSourceRecordResponse> ReadAsync(Agency owner, bool reveal = false) =>
        await new RecordExchange.RecordExchangeClient(hub.AgencyInvoker(ReaderOf(owner))).GetSourceRecordAsync(new GetSourceRecordRequest
        {
            SourceId = World.SourceIdOf(owner),
            Agency = (Contract.Agency)(int)owner,
            Purpose = Contract.Purpose.BenefitVerification,
            RevealIdNumbers = reveal,
        });

    /// <summary>Every non-empty string field of the record, named as in <see cref="GroupOf"/>.</summary>
    private static Dictionary<string, string> Fields(ChildRecord record)
    {
        var fields = new Dictionary<string, string>();
        foreach (var field in ChildRecord.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(record);
            if (value is string { Length: > 0 } text)
            {
                fields[field.Name] = text;
            }
            else if (value is IMessage details && field.ContainingOneof is not null && record.DetailsCase != ChildRecord.DetailsOneofCase.None)
            {
                foreach (var detail in details.Descriptor.Fields.InFieldNumberOrder())
                {
                    if (detail.Accessor.GetValue(details) is string { Length: > 0 } detailText)
                    {
                        fields[$"{field.Name}.{detail.Name}"] = detailText;
                    }
                }
            }
        }

        return fields;
    }

    [Theory]
    [MemberData(nameof(OwnersAndGroups))]
    public async Task AGrantOfOneFieldGroupDisclosesExactlyTheFieldsOfThatGroup(Agency owner, Contract.FieldGroup group)
    {
        await World.SeedRecordsAsync(hub);
        var grant = await World.GrantAsync(hub, ReaderOf(owner), owner, Contract.Purpose.BenefitVerification, [group]);
        try
        {
            var read = await ReadAsync(owner);
            var sent = Fields(World.FullRecord(owner));
            var disclosed = Fields(read.Record.Record);

            foreach (var (field, value) in sent)
            {
                if (field == "source_id")
                {
                    Assert.Equal(value, disclosed[field]);
                    continue;
                }

                var expected = GroupOf.TryGetValue(field, out var fieldGroup) && fieldGroup == group;
                Assert.True(expected == disclosed.ContainsKey(field), $"{field} should be {(expected ? "present" : "absent")} under {group}");
                if (expected)
                {
                    Assert.Equal(IdBearing.Contains(field) ? CitizenIdNumber.Mask(value) : value, disclosed[field]);
                }
            }

            Assert.Empty(read.Record.Record.Attributes);
            Assert.Empty(read.History);
            Assert.Equal([group], read.DisclosedFieldGroups);
            Assert.Equal(group == Contract.FieldGroup.Identity, read.Record.Normalized.Name.Length > 0);
            Assert.Equal(group == Contract.FieldGroup.Contact, read.Record.Normalized.RegionCode.Length > 0);
        }
        finally
        {
            await World.RevokeAsync(hub, grant);
        }
    }

    [Fact]
    public async Task RevealingIdNumbersWithoutFullIdentityIsRefused()
    {
        await World.SeedRecordsAsync(hub);
        var grant = await World.GrantAsync(hub, Agency.Education, Agency.CivilAffairs, Contract.Purpose.BenefitVerification, [Contract.FieldGroup.Identity]);
        try
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => ReadAsync(Agency.CivilAffairs, reveal: true));
            Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
            Assert.Equal(CitizenIdNumber.Mask(World.IdNumber(7)), (await ReadAsync(Agency.CivilAffairs)).Record.Record.IdNumber);
        }
        finally
        {
            await World.RevokeAsync(hub, grant);
        }
    }

    [Fact]
    public async Task AFullIdentityGrantRevealsIdNumbersOnlyWhenAskedAndTheAuditEntrySaysSo()
    {
        await World.SeedRecordsAsync(hub);
        var grant = await World.GrantAsync(hub, Agency.Education, Agency.CivilAffairs, Contract.Purpose.BenefitVerification, [Contract.FieldGroup.Identity], fullIdentity: true);
        try
        {
            Assert.Equal(CitizenIdNumber.Mask(World.IdNumber(7)), (await ReadAsync(Agency.CivilAffairs)).Record.Record.IdNumber);
            Assert.Equal(World.IdNumber(7), (await ReadAsync(Agency.CivilAffairs, reveal: true)).Record.Record.IdNumber);
            await using var db = await hub.Contexts().CreateDbContextAsync();
            var last = db.AuditEntries.OrderByDescending(entry => entry.Sequence).First();
            Assert.Equal("identity,identity_full", last.FieldGroups);
            Assert.Contains(grant.GrantId, last.Grants);
        }
        finally
        {
            await World.RevokeAsync(hub, grant);
        }
    }

    [Fact]
    public async Task RevokingAGrantTakesEffectOnTheNextCallWithTheSameToken()
    {
        await World.SeedRecordsAsync(hub);
        var grant = await World.GrantAsync(hub, Agency.Education, Agency.CivilAffairs, Contract.Purpose.BenefitVerification, [Contract.FieldGroup.Welfare]);
        Assert.Equal("orphan", (await ReadAsync(Agency.CivilAffairs)).Record.Record.CivilAffairs.Category);

        await World.RevokeAsync(hub, grant);

        var error = await Assert.ThrowsAsync<RpcException>(() => ReadAsync(Agency.CivilAffairs));
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task AGrantLimitedToOtherChildCategoriesOrRegionsDoesNotCoverTheChild()
    {
        await World.SeedRecordsAsync(hub);
        var categories = await World.GrantAsync(hub, Agency.Education, Agency.CivilAffairs, Contract.Purpose.BenefitVerification, [Contract.FieldGroup.Welfare], categories: ["left_behind"]);
        var regions = await World.GrantAsync(hub, Agency.Education, Agency.CivilAffairs, Contract.Purpose.BenefitVerification, [Contract.FieldGroup.Welfare], regions: ["4401"]);
        try
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => ReadAsync(Agency.CivilAffairs));
            Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        }
        finally
        {
            await World.RevokeAsync(hub, categories);
            await World.RevokeAsync(hub, regions);
        }

        var orphans = await World.GrantAsync(hub, Agency.Education, Agency.CivilAffairs, Contract.Purpose.BenefitVerification, [Contract.FieldGroup.Welfare], categories: ["orphan"], regions: ["5111"]);
        try
        {
            Assert.Equal("orphan", (await ReadAsync(Agency.CivilAffairs)).Record.Record.CivilAffairs.Category);
        }
        finally
        {
            await World.RevokeAsync(hub, orphans);
        }
    }
}
