using DataExchange.Cli.Commands;
using DataExchange.ExchangeFiles.Reading;
using DataExchange.Matching.Features;
using DataExchange.Testing;

namespace DataExchange.Cli.Tests;

/// <summary>
/// dx link reads the agency files side by side, in batches, on every core: the records must still come out in the order
/// dx link has always numbered them (agency order, then each file's rows in order), encoded as one record at a time would be.
/// </summary>
public sealed class LinkInputTests : IDisposable
{
    // Large enough that public_security.csv spans more than one read batch (8,192 rows).
    private readonly GeneratedSample sample = new(children: 10_000, seed: 2718);

    public void Dispose() => sample.Dispose();

    [Fact]
    public void FilesReadSideBySideKeepAgencyOrderAndRowOrder()
    {
        var features = LinkInput.Read(sample.Folder, FileEncoding.Auto, TextWriter.Null);

        // GeneratedSample reads the files one after another, in agency order.
        Assert.True(sample.Records.Count > 20_000, $"only {sample.Records.Count} records: no file spans two batches");
        Assert.Equal(sample.Records.Select(r => (r.Agency, r.SourceId)), features.Select(f => (f.Agency, f.SourceId)));
    }

    [Fact]
    public void SharedFeaturesAreTheSameAsEachRecordEncodedAlone()
    {
        var features = LinkInput.Read(sample.Folder, FileEncoding.Auto, TextWriter.Null);

        for (var i = 0; i < features.Count; i += 97)
        {
            var alone = FeatureExtractor.Extract(sample.Records[i]);
            var shared = features[i];
            Assert.Equal((alone.Name.Han, alone.Name.Pinyin, alone.Name.FuzzyPinyinHash, alone.Name.PinyinKeyHash),
                (shared.Name.Han, shared.Name.Pinyin, shared.Name.FuzzyPinyinHash, shared.Name.PinyinKeyHash));
            Assert.Equal(alone.Ids, shared.Ids);
            Assert.Equal(alone.FamilyNames, shared.FamilyNames);
            Assert.Equal(alone.ParentIds, shared.ParentIds);
            Assert.Equal((alone.Birth, alone.Region, alone.Sex, alone.Address.VillageHash), (shared.Birth, shared.Region, shared.Sex, shared.Address.VillageHash));
        }
    }

    [Fact]
    public void NameHashesAreThoseOfTheNamesKeys()
    {
        foreach (var raw in (string[])["张梓涵", "張梓涵", "ZHANG ZIHAN", "欧阳·娜娜", ""])
        {
            var name = NameFeatures.From(raw);
            Assert.Equal(StableHash.Of(name.Pinyin), name.PinyinKeyHash);
            Assert.Equal(StableHash.Of(name.FuzzyPinyin), name.FuzzyPinyinHash);
        }
    }
}
