using System.Globalization;

namespace MLSegmentation.Experiments.MaskSup;

/// <summary><c>--name value</c> and <c>--flag</c> command-line arguments.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    public static Arguments Parse(string[] args)
    {
        var parsed = new Arguments();
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument {args[i]}");
            string name = args[i][2..];
            bool hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            parsed._values[name] = hasValue ? args[++i] : null;
        }
        return parsed;
    }

    public bool Flag(string name) => _values.ContainsKey(name);

    public int Int(string name, int fallback) => _values.TryGetValue(name, out string? v) && v is not null ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) => _values.TryGetValue(name, out string? v) && v is not null ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public string? String(string name, string? fallback) => _values.TryGetValue(name, out string? v) && v is not null ? v : fallback;
}
