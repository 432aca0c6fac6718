using System.Collections.Concurrent;
using DataExchange.Contracts.V1;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Identifiers;
using Google.Protobuf.WellKnownTypes;
using Agency = DataExchange.Domain.Agencies.Agency;
using Contract = DataExchange.Contracts.V1;

namespace DataExchange.Api.SecurityTests.Infrastructure;

/// <summary>Test data: one full record per agency (every column set, plus an extra attribute), and admin helpers.</summary>
public static class World
{
    private static readonly ConcurrentDictionary<(SecurityHub, string), Lazy<Task>> Once = new();

    /// <summary>Runs a setup step once per host.</summary>
    public static Task OnceAsync(SecurityHub hub, string key, Func<Task> setup) =>
        Once.GetOrAdd((hub, key), _ => new Lazy<Task>(setup)).Value;

    public static string IdNumber(int sequence)
    {
        var first17 = $"511102201503{sequence % 28 + 1:D2}{sequence % 1000:D3}";
        return first17 + CitizenIdNumber.ComputeCheckCharacter(first17);
    }

    public static string SourceIdOf(Agency agency) => "m-" + agency.ToCode();

    public static Agency Next(Agency agency) => AgencyCodes.All.ElementAt((AgencyCodes.All.ToList().IndexOf(agency) + 1) % AgencyCodes.All.Count);

    /// <summary>The agency's record of child 7 (the same child in every agency), every column filled.</summary>
    public static ChildRecord FullRecord(Agency agency)
    {
        var id = IdNumber(7);
        var record = new ChildRecord
        {
            SourceId = SourceIdOf(agency),
            IdNumber = id,
            Name = "王小明",
            Sex = "M",
            BirthDate = "2015-03-08",
            RegionCode = "511102",
            Address = "四川省乐山市市中区凤南村4组44号",
            Attributes = { ["clerk_note"] = "extra column" },
        };
        switch (agency)
        {
            case Agency.PublicSecurity:
                record.PublicSecurity = new PublicSecurityDetails
                {
                    HouseholdNo = "51110236124842", FatherName = "王建国", FatherIdNumber = IdNumber(101), MotherName = "李秀英", MotherIdNumber = IdNumber(102),
                };
                break;
            case Agency.Education:
                record.Education = new EducationDetails
                {
                    StudentNo = "G" + id, SchoolName = "乐山市实验小学", Grade = "4", EnrollmentStatus = "enrolled", GuardianName = "王建国", GuardianPhone = "13975220167",
                };
                break;
            case Agency.Health:
                record.Health = new HealthDetails
                {
                    HealthRecordNo = "HR-5111-0007", GuardianName = "王建国", GuardianPhone = "13975220167", ChronicCondition = "asthma", LastVisitDate = "2024-05-01",
                };
                break;
            case Agency.DisabledFederation:
                record.DisabledFederation = new DisabilityDetails
                {
                    DisabilityCertNo = id + "42", DisabilityCategory = "4", DisabilityLevel = "2", GuardianName = "王建国",
                };
                break;
            default:
                record.CivilAffairs = new CivilAffairsDetails
                {
                    Category = "orphan", GuardianName = "王建国", GuardianRelation = "grandparent", GuardianPhone = "13975220167", ParentsStatus = "deceased", LastVisitDate = "2024-06-01",
                };
                break;
        }

        return record;
    }

    /// <summary>Every agency stores its full record (through the API, as its own system would).</summary>
    public static Task SeedRecordsAsync(SecurityHub hub) => OnceAsync(hub, "records", async () =>
    {
        foreach (var agency in AgencyCodes.All)
        {
            var client = new Contract.RecordExchange.RecordExchangeClient(hub.AgencyInvoker(agency));
            await client.UpsertRecordAsync(new UpsertRecordRequest { Record = FullRecord(agency) });
        }
    });

    public static AccessAdmin.AccessAdminClient Admin(SecurityHub hub) => new(hub.Invoker(hub.AdminToken()));

    public static async Task<Grant> GrantAsync(SecurityHub hub, Agency grantee, Agency owner, Contract.Purpose purpose,
        IEnumerable<Contract.FieldGroup> groups, bool fullIdentity = false, IEnumerable<string>? categories = null, IEnumerable<string>? regions = null)
    {
        var grant = new Grant
        {
            Grantee = (Contract.Agency)(int)grantee,
            SourceAgencies = { (Contract.Agency)(int)owner },
            Purpose = purpose,
            Reference = "test agreement",
            FieldGroups = { groups },
            FullIdentity = fullIdentity,
            ChildCategories = { categories ?? [] },
            Regions = { regions ?? [] },
            ValidFrom = Timestamp.FromDateTime(DateTime.UtcNow.AddMinutes(-1)),
            ValidTo = Timestamp.FromDateTime(DateTime.UtcNow.AddDays(30)),
        };
        return (await Admin(hub).CreateGrantAsync(new CreateGrantRequest { Grant = grant })).Grant;
    }

    public static Task RevokeAsync(SecurityHub hub, Grant grant) =>
        Admin(hub).RevokeGrantAsync(new RevokeGrantRequest { GrantId = grant.GrantId }).ResponseAsync;

    public const string PersonPassword = "Person-Password-2026!";

    /// <summary>Creates a person through AccessAdmin (password <see cref="PersonPassword"/>) and returns their user id.</summary>
    public static async Task<string> CreateUserAsync(SecurityHub hub, string email, Agency agency, params Role[] roles)
    {
        const string password = PersonPassword;
        var created = await Admin(hub).CreateUserAsync(new CreateUserRequest { Email = email, Agency = (Contract.Agency)(int)agency, Roles = { roles }, Password = password });
        return created.UserId;
    }
}
