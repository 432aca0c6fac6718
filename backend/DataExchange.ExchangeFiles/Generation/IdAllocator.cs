using DataExchange.Domain.Identifiers;

namespace DataExchange.ExchangeFiles.Generation;

/// <summary>
/// Issues citizen ID numbers that are unique, as the register's are: one counter per region, birth date and sex,
/// so a million children never share a sequence number by chance. The check character is computed (GB 11643).
/// </summary>
public sealed class IdAllocator
{
    private static readonly DateOnly Epoch = new(1960, 1, 1);
    private readonly ushort[] _issued;
    private readonly Dictionary<string, int> _regionIndex;
    private readonly int _days;

    public IdAllocator(DateOnly lastDate)
    {
        _regionIndex = Regions.All.Select((region, index) => (region.Code, index)).ToDictionary(p => p.Code, p => p.index);
        _days = lastDate.DayNumber - Epoch.DayNumber + 1;
        _issued = new ushort[_regionIndex.Count * _days * 2];
    }

    public string Issue(Region region, DateOnly birthDate, Sex sex)
    {
        var parity = sex == Sex.Male ? 1 : 0;
        var cell = (_regionIndex[region.Code] * _days + (birthDate.DayNumber - Epoch.DayNumber)) * 2 + parity;
        // Sequence numbers start a little way in, as police stations' do; 500 per cell is far beyond any real load.
        var k = (_issued[cell]++ + 3 + cell % 40) % 500;
        var sequence = k * 2 + parity;
        var first17 = $"{region.Code}{birthDate:yyyyMMdd}{sequence:D3}";
        return first17 + CitizenIdNumber.ComputeCheckCharacter(first17);
    }
}
