using System.CommandLine;

namespace MLSegmentation.Cli;

/// <summary>
/// What <c>mlseg experiment --against</c> compares the method with: <c>baseline</c> (the default), or
/// <c>METHOD:SWITCH[,SWITCH…]</c>, a method with some of its options changed, to measure an ablation. A switch is a method
/// option of <c>mlseg train</c> without its leading dashes and without the method's prefix, with <c>=VALUE</c> unless it
/// is a flag: <c>colab:freeze-generator</c> is <c>--method colab --colab-freeze-generator</c>, <c>masksup:beta=0</c> is
/// <c>--masksup-beta 0</c>, <c>contrastive:labels=ImageId</c> is <c>--contrastive-labels ImageId</c>.
/// </summary>
internal sealed record ExperimentVariant(string Spec, string Method, IReadOnlyList<string> Switches)
{
    /// <summary>The default: the baseline with no switch.</summary>
    public const string Baseline = "baseline";

    /// <summary>Reads <paramref name="spec"/>.</summary>
    /// <exception cref="ArgumentException">An unknown method or a switch with no value between the commas.</exception>
    public static ExperimentVariant Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        int colon = spec.IndexOf(':', StringComparison.Ordinal);
        string method = colon < 0 ? spec : spec[..colon];
        if (!MethodTrainers.Names.Contains(method))
            throw new ArgumentException($"--against '{spec}': '{method}' is not a method; use baseline or METHOD:SWITCH with METHOD one of {string.Join(", ", MethodTrainers.Names)}");
        string[] switches = colon < 0 ? [] : spec[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries);
        if (switches.Any(s => s.Length == 0))
            throw new ArgumentException($"--against '{spec}': give switches after the colon separated by commas, e.g. colab:freeze-generator");
        return new ExperimentVariant(spec, method, switches);
    }

    /// <summary>The run folders' prefix: the spec with ':', ',' and '=' as '-', e.g. <c>colab-freeze-generator</c>.</summary>
    public string FolderName => Spec.Replace(':', '-').Replace(',', '-').Replace('=', '-');

    /// <summary>The settings of the compared runs: <paramref name="template"/>'s (the method's runs) with this method and switches.</summary>
    /// <exception cref="ArgumentException">A switch is not a method option or has a bad value, or the variant is the method itself.</exception>
    public TrainSettings Apply(TrainSettings template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var options = new MethodOptions();
        var command = new Command("against");
        options.AddTo(command);
        var tokens = new List<string>();
        foreach (string change in Switches)
        {
            string[] parts = change.Split('=', 2);
            string name = new[] { $"--{Method}-{parts[0]}", $"--{parts[0]}" }.FirstOrDefault(n => command.Options.Any(o => o.Name == n))
                ?? throw new ArgumentException($"--against '{Spec}': '{parts[0]}' is not an option of {Method} (e.g. colab:freeze-generator, masksup:beta=0, contrastive:labels=ImageId)");
            tokens.Add(name);
            tokens.AddRange(parts.Skip(1));
        }
        ParseResult parsed = command.Parse(tokens);
        if (parsed.Errors.Count > 0) throw new ArgumentException($"--against '{Spec}': {parsed.Errors[0].Message.ReplaceLineEndings(" ")}");
        TrainSettings variant = options.Apply(parsed, template with { Method = Method });
        if (variant.ToJson() == template.ToJson())
            throw new ArgumentException($"--against '{Spec}': the same runs as --method {template.Method}; change a switch (e.g. colab:freeze-generator)");
        return variant;
    }
}
