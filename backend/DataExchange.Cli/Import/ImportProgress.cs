using System.Diagnostics;

namespace DataExchange.Cli.Import;

/// <summary>
/// Progress on stderr: a redrawn bar on a terminal, or a plain line every few seconds when stderr is
/// redirected (a log file, a CI job). Measured by bytes read, so the total is known before parsing.
/// </summary>
public sealed class ImportProgress(TextWriter output, bool redraw)
{
    private const int BarWidth = 30;

    private readonly Stopwatch _clock = new();
    private readonly TimeSpan _interval = redraw ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(5);
    private long _totalBytes;
    private long _finishedBytes;
    private long _records;
    private TimeSpan _lastDrawn;

    public void Start(long totalBytes)
    {
        _totalBytes = Math.Max(1, totalBytes);
        _clock.Restart();
    }

    /// <summary>One more record read; <paramref name="filePosition"/> is how far into the current file.</summary>
    public void Advance(long filePosition)
    {
        if ((++_records & 255) != 0 || _clock.Elapsed - _lastDrawn < _interval)
        {
            return;
        }

        _lastDrawn = _clock.Elapsed;
        Draw(_finishedBytes + filePosition);
    }

    public void FileDone(long bytes) => _finishedBytes += bytes;

    public void Finish()
    {
        if (redraw && _lastDrawn > TimeSpan.Zero)
        {
            output.Write('\r' + new string(' ', 79) + '\r');
            output.Flush();
        }
    }

    private void Draw(long bytes)
    {
        var fraction = Math.Clamp((double)bytes / _totalBytes, 0, 1);
        var rate = _records / Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        var text = $"{_records,10:N0} records  {rate,8:N0} records/s  {fraction,4:P0}";
        if (redraw)
        {
            var filled = (int)(fraction * BarWidth);
            output.Write($"\r[{new string('#', filled)}{new string('.', BarWidth - filled)}] {text}");
        }
        else
        {
            output.WriteLine($"import: {text}");
        }

        output.Flush();
    }
}
