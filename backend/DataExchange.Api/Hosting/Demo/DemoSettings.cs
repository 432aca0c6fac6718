namespace DataExchange.Api.Hosting.Demo;

/// <summary>The <c>Demo</c> section: <c>--Demo:Seed=true</c> fills an empty Development hub with generated data and people.</summary>
public sealed class DemoSettings
{
    public const string Section = "Demo";

    /// <summary>Fill an empty hub at start (Development only; the host refuses to start with it elsewhere).</summary>
    public bool Seed { get; set; }

    /// <summary>How many children to generate (their agency records are several times as many).</summary>
    public int Children { get; set; } = 3000;

    /// <summary>The generator's seed: the same seed gives the same children.</summary>
    public ulong GeneratorSeed { get; set; } = 20261202;

    public static DemoSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<DemoSettings>() ?? new DemoSettings();

    /// <summary>Why the host must not start with these settings, in one line; null when it may.</summary>
    public string? Refusal(IHostEnvironment environment) =>
        Seed && !environment.IsDevelopment()
            ? $"Demo:Seed fills the hub with generated children and demo accounts, so it runs only in Development; this host's environment is {environment.EnvironmentName}. Remove Demo:Seed or set ASPNETCORE_ENVIRONMENT=Development."
            : Seed && Children is < 1 or > 100_000
                ? $"Demo:Children must be 1 to 100000 (it is {Children})."
                : null;
}
