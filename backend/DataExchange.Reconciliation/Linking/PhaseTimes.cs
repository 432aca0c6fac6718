using System.Diagnostics;
using System.Globalization;

namespace DataExchange.Reconciliation.Linking;

/// <summary>
/// Wall-clock time of the batch link's phases, summed by name in the order first seen (a phase run once per chunk adds
/// up): what dx import prints after "linked in", so that where an initial load's time goes can be read off the summary
/// instead of from a profile.
/// </summary>
public sealed class PhaseTimes
{
    private readonly List<(string Name, TimeSpan Time)> phases = [];
    private readonly Stopwatch clock = Stopwatch.StartNew();

    public IReadOnlyList<(string Name, TimeSpan Time)> Phases => phases;

    /// <summary>Charges the time since the previous lap (or the start) to <paramref name="name"/>.</summary>
    public void Lap(string name)
    {
        var elapsed = clock.Elapsed;
        clock.Restart();
        Add(name, elapsed);
    }

    /// <summary>Starts the next lap now (the time since the previous one was charged by <see cref="Add"/>).</summary>
    public void Restart() => clock.Restart();

    /// <summary>Charges a time measured elsewhere (the engine's own stage timings) to <paramref name="name"/>.</summary>
    public void Add(string name, TimeSpan time)
    {
        var at = phases.FindIndex(phase => phase.Name == name);
        if (at < 0)
        {
            phases.Add((name, time));
        }
        else
        {
            phases[at] = (name, phases[at].Time + time);
        }
    }

    /// <summary>"read 3.1 s, compare 2.0 s, ...".</summary>
    public override string ToString() =>
        string.Join(", ", phases.Select(phase => string.Create(CultureInfo.InvariantCulture, $"{phase.Name} {phase.Time.TotalSeconds:F1} s")));
}
