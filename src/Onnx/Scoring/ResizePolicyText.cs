namespace MLSegmentation.Onnx;

/// <summary>The text of a <see cref="ResizePolicy"/> in the <c>mlseg.resize</c> metadata.</summary>
internal static class ResizePolicyText
{
    private static readonly (ResizePolicy Policy, string Text)[] Texts =
        [(ResizePolicy.None, "none"), (ResizePolicy.ToTrainingSize, "to_training_size"), (ResizePolicy.SlidingWindow, "sliding_window")];

    public static string Format(ResizePolicy policy) => Texts.Single(t => t.Policy == policy).Text;

    /// <exception cref="FormatException">The text names no policy.</exception>
    public static ResizePolicy Parse(string text) =>
        Texts.FirstOrDefault(t => string.Equals(t.Text, text.Trim(), StringComparison.OrdinalIgnoreCase)) is { Text: not null } found ? found.Policy
            : throw new FormatException($"'{text}' is not a resize policy ({string.Join(", ", Texts.Select(t => t.Text))})");
}
