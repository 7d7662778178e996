using System.Globalization;

namespace MLSegmentation.Cli;

/// <summary>The one syntax of every size option: HxW or DxHxW (also with ',' or '×'), positive integers.</summary>
internal static class SizeArgument
{
    /// <summary>The size <paramref name="text"/> gives for <paramref name="option"/>; null when the option is not given.</summary>
    /// <exception cref="ArgumentException">The text is not a size; the message names the option.</exception>
    public static int[]? Parse(string option, string? text, bool allowSquare = false)
    {
        if (text is null) return null;
        string[] parts = text.Split('x', 'X', '×', ',');
        var size = new int[parts.Length];
        bool valid = parts.Length is 2 or 3 || allowSquare && parts.Length == 1;
        for (int k = 0; valid && k < parts.Length; k++)
            valid = int.TryParse(parts[k].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out size[k]) && size[k] > 0;
        if (!valid)
            throw new ArgumentException($"{option} '{text}': expected {(allowSquare ? "N (square), " : "")}HxW or DxHxW with positive integers, e.g. 64x64");
        return allowSquare && size.Length == 1 ? [size[0], size[0]] : size;
    }
}
