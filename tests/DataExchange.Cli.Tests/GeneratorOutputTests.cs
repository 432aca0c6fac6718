using System.CommandLine;
using DataExchange.Cli.Commands;
using DataExchange.ExchangeFiles.Generation;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Identifiers;
using DataExchange.Domain.Normalization;

namespace DataExchange.Cli.Tests;

public sealed class GeneratorOutputTests(GeneratedData data) : IClassFixture<GeneratedData>, IDisposable
{
    [Fact]
    public void TheSameSeedWritesByteIdenticalFilesAndAnotherSeedDoesNot()
    {
        var first = Generate(1_000, seed: 5);
        var again = Generate(1_000, seed: 5);
        var other = Generate(1_000, seed: 6);
        foreach (var file in Directory.GetFiles(first, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(first, f)))
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(first, file)), File.ReadAllBytes(Path.Combine(again, file)));
            Assert.NotEqual(File.ReadAllBytes(Path.Combine(first, file)), File.ReadAllBytes(Path.Combine(other, file)));
        }
    }

    [Fact]
    public void EveryFileHasTheSpecHeaderInTheSpecOrder()
    {
        foreach (var agency in AgencyCodes.All)
        {
            var expected = AgencySchema.CommonColumns.Concat(AgencySchema.For(agency).Columns.Select(c => c.Name));
            Assert.Equal(string.Join(',', expected), File.ReadLines(data.FileOf(agency)).First());
        }

        Assert.Equal("agency,source_id,person_id", File.ReadLines(data.Truth).First());
    }

    [Fact]
    public void TheTruthFileNamesEveryRecordExactlyOnce()
    {
        var inFiles = data.Rows.Select(r => (r.Agency.ToCode(), r.SourceId)).ToArray();
        var inTruth = data.TruthRows.Select(r => (r["agency"], r["source_id"])).ToArray();
        Assert.Equal(inFiles.Length, inFiles.Distinct().Count());
        Assert.Equal(inTruth.Length, inTruth.Distinct().Count());
        Assert.Equal(inFiles.Order(), inTruth.Order());
        Assert.Equal(GeneratedData.Children, data.TruthRows.Select(r => r["person_id"]).Distinct().Count());
    }

    [Fact]
    public void EveryIdWithoutAnInjectedErrorIsValidAndAgreesWithTheBirthDateAndSex()
    {
        var clean = data.Rows.Where(r => r["id_number"].Length > 0 && !r.Errors.Any(e => e.StartsWith("id_"))).ToArray();
        Assert.True(clean.Length > 40_000, $"only {clean.Length} clean IDs");
        foreach (var row in clean)
        {
            var check = CitizenIdNumber.Check(row["id_number"]);
            Assert.True(check.IsValid, $"{row.SourceId} {row["id_number"]}: {check.Describe()}");
            Assert.Equal(check.Normalized, row["id_number"]);
            if (!row.Errors.Any(e => e.StartsWith("date_")))
            {
                Assert.Equal(DateSpellings.ToIso(check.Parsed!.BirthDate), row["birth_date"]);
            }

            if (!row.Errors.Contains("sex_wrong"))
            {
                Assert.Equal(check.Parsed!.Sex.ToCode(), row["sex"]);
            }
        }

        Assert.All(data.Register.Values, r => Assert.True(CitizenIdNumber.IsValid(r["father_id_number"]) && CitizenIdNumber.IsValid(r["mother_id_number"])));
    }

    [Fact]
    public void NoTwoRegisteredChildrenShareAnIdNumber()
    {
        var ids = data.Register.Values.Select(r => CitizenIdNumber.Normalize(r["id_number"])).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public void TwinsShareBirthDateParentsAndAddressButNotTheirIdOrName()
    {
        var twins = data.Register.Values
            .GroupBy(r => (r["father_id_number"], r["mother_id_number"], CitizenIdNumber.Normalize(r["id_number"]).Substring(6, 8)))
            .Where(g => g.Count() >= 2).ToArray();
        // 12% of multi-child families (38% of families) are twins: about 4.5% of 20,000 children's families.
        Assert.InRange(twins.Length, 300, 900);
        foreach (var pair in twins)
        {
            var rows = pair.ToArray();
            Assert.NotEqual(rows[0].PersonId, rows[1].PersonId);
            Assert.NotEqual(rows[0]["id_number"], rows[1]["id_number"]);
            Assert.Equal(rows[0]["household_no"], rows[1]["household_no"]);
            Assert.Equal(rows[0]["region_code"], rows[1]["region_code"]);
        }

        var shareACharacter = twins.Count(g => g.Select(r => r["name"]).ToArray() is var n && n[0] != n[1] && n[0].Skip(1).Intersect(n[1].Skip(1)).Any());
        Assert.True(shareACharacter > twins.Length / 3, $"only {shareACharacter} of {twins.Length} twin pairs share a given-name character");
    }

    [Fact]
    public void CommonNamesCollideWithinABirthYear()
    {
        var collisions = data.Register.Values.GroupBy(r => (r["name"], CitizenIdNumber.Normalize(r["id_number"]).Substring(6, 4))).Count(g => g.Select(r => r.PersonId).Distinct().Count() > 1);
        Assert.True(collisions > 200, $"only {collisions} name + birth year collisions");
    }

    [Theory]
    [InlineData("truth.csv")]
    [InlineData("sub/truth.csv")]
    public void ATruthFileInsideTheOutputFolderIsRefused(string relative)
    {
        var root = Temp("dx-refuse-");
        var outDir = Path.Combine(root, "out");
        var error = new StringWriter();
        var exit = GenerateCommand.Create().Parse(["--children", "10", "--out", outDir, "--truth", Path.Combine(outDir, relative)])
            .Invoke(new InvocationConfiguration { Error = error, Output = TextWriter.Null });
        Assert.Equal(2, exit);
        Assert.Contains("inside the --out folder", error.ToString());
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void TheDefaultTruthFileLiesBesideTheOutputFolder()
    {
        var root = Temp("dx-default-");
        var exit = GenerateCommand.Create().Parse(["--children", "10", "--out", Path.Combine(root, "out")])
            .Invoke(new InvocationConfiguration { Error = TextWriter.Null, Output = TextWriter.Null });
        Assert.Equal(0, exit);
        Assert.True(File.Exists(Path.Combine(root, "out-truth.csv")));
        Assert.Equal(5, Directory.GetFiles(Path.Combine(root, "out")).Length);
    }

    [Fact]
    public void TheHardProfileGarblesSeveralTimesAsManyRecordsAsTheSample()
    {
        // Three times the typo rate, but fewer IDs left to mistype (more are missing or a sibling's): about 2-3 times the typos.
        var sample = Count(Generate(5_000, seed: 9), "id_digit_typo");
        var hard = Count(Generate(5_000, seed: 9, GenerationProfile.Hard()), "id_digit_typo");
        Assert.InRange(hard, sample * 17 / 10, sample * 4);
    }

    [Fact]
    public void ARateOfZeroSwitchesAnErrorKindOff()
    {
        var root = Temp("dx-rate-");
        var exit = GenerateCommand.Create().Parse(["--children", "2000", "--out", Path.Combine(root, "out"), "--errors", Path.Combine(root, "errors.csv"),
                "--profile", "hard", "--rate", "id_digit_typo=0", "--rate", "name_homophone=0"])
            .Invoke(new InvocationConfiguration { Error = TextWriter.Null, Output = TextWriter.Null });
        Assert.Equal(0, exit);
        Assert.Equal(0, Count(root, "id_digit_typo") + Count(root, "name_homophone"));
        Assert.True(Count(root, "id_adjacent_swap") > 0);
    }

    [Fact]
    public void AnUnknownErrorKindIsRefusedWithTheListOfKinds()
    {
        var error = new StringWriter();
        var exit = GenerateCommand.Create().Parse(["--out", Path.Combine(Temp("dx-bad-"), "out"), "--rate", "id_typo=0.1"])
            .Invoke(new InvocationConfiguration { Error = error, Output = TextWriter.Null });
        Assert.Equal(2, exit);
        Assert.Contains("id_digit_typo", error.ToString());
    }

    private static int Count(string root, string kind) =>
        File.ReadLines(Path.Combine(root, "errors.csv")).Count(line => line.EndsWith("," + kind, StringComparison.Ordinal));

    private string Temp(string prefix)
    {
        var root = Directory.CreateTempSubdirectory(prefix).FullName;
        _temporary.Add(root);
        return root;
    }

    private readonly List<string> _temporary = [];

    public void Dispose()
    {
        foreach (var root in _temporary)
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private string Generate(int children, ulong seed, GenerationProfile? profile = null)
    {
        var root = Temp("dx-seed-");
        DatasetGenerator.Run(new GenerationRequest(children, seed, Path.Combine(root, "out"), Path.Combine(root, "truth.csv"),
            Path.Combine(root, "errors.csv"), profile ?? GenerationProfile.Sample()));
        return root;
    }
}
