using DataExchange.Matching.Comparisons;
using DataExchange.Matching.Training;

namespace DataExchange.Matching.Tests;

public class ModelFileTests
{
    [Fact]
    public void TheModelRoundTripsThroughItsFile()
    {
        var model = ModelFile.Default();
        var path = Path.GetTempFileName();
        try
        {
            ModelFile.Write(model, path);
            var read = ModelFile.Read(path);

            Assert.Equal(ModelFile.Serialize(model), ModelFile.Serialize(read));
            Assert.Equal(model.Comparisons[ComparisonSet.NameIndex].Levels[1].M, read.Comparisons[ComparisonSet.NameIndex].Levels[1].M);
            Assert.Equal(model.LinkThreshold, read.LinkThreshold);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheShippedModelFitsTheEngineComparisons()
    {
        var model = ModelFile.Default();
        Assert.Equal(ComparisonSet.Default.Select(c => c.Name), model.Comparisons.Select(c => c.Name));
        Assert.Equal(ComparisonSet.Default.Select(c => c.Levels.Count), model.Comparisons.Select(c => c.Levels.Count));
    }

    [Fact]
    public void ANewerModelVersionIsRefused()
    {
        var json = ModelFile.Serialize(ModelFile.Default()).Replace("\"Version\": 1", "\"Version\": 99", StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => ModelFile.Deserialize(json));
    }
}
