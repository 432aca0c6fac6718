using DataExchange.Domain.Agencies;
using DataExchange.Domain.Records;
using DataExchange.Matching.Features;

namespace DataExchange.Matching.Tests;

/// <summary>Tiny literal records for engine tests: only the fields a test is about need to be given.</summary>
internal static class Records
{
    public static SourceRecord Raw(
        Agency agency = Agency.Health, string id = "", string name = "", string sex = "", string birth = "",
        string region = "", string address = "", string phone = "", string guardian = "", string father = "",
        string mother = "", string student = "", string certificate = "", string source = "X1")
    {
        var details = new Dictionary<string, string>();
        void Put(string key, string value)
        {
            if (value.Length > 0)
            {
                details[key] = value;
            }
        }

        Put("guardian_phone", phone);
        Put("guardian_name", guardian);
        Put("father_name", father);
        Put("mother_name", mother);
        Put("student_no", student);
        Put("disability_cert_no", certificate);
        return new SourceRecord
        {
            Agency = agency, SourceId = source, IdNumber = id, Name = name, Sex = sex, BirthDate = birth,
            RegionCode = region, Address = address, Details = details,
        };
    }

    public static RecordFeatures Of(
        Agency agency = Agency.Health, string id = "", string name = "", string sex = "", string birth = "",
        string region = "", string address = "", string phone = "", string guardian = "", string father = "",
        string mother = "", string student = "", string certificate = "", string source = "X1") =>
        FeatureExtractor.Extract(Raw(agency, id, name, sex, birth, region, address, phone, guardian, father, mother, student, certificate, source));

    /// <summary>A valid ID number (right check character) for a region, birth date (yyyyMMdd) and sequence.</summary>
    public static string ValidId(string region, string birth, string sequence)
    {
        var first17 = region + birth + sequence;
        return first17 + Domain.Identifiers.CitizenIdNumber.ComputeCheckCharacter(first17);
    }
}
