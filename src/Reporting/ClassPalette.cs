namespace MLSegmentation.Reporting;

/// <summary>
/// The fixed colour of each class, shared by the overlays, the Dice curves and the report's legend.
/// Background (class 0) is not drawn; foreground classes take twelve well-separated colours, cycled beyond.
/// </summary>
public static class ClassPalette
{
    private static readonly Rgb[] Foreground =
    [
        new(230, 25, 75), new(60, 180, 75), new(0, 130, 200), new(255, 225, 25), new(245, 130, 48), new(145, 30, 180),
        new(70, 240, 240), new(240, 50, 230), new(210, 245, 60), new(250, 190, 212), new(0, 128, 128), new(170, 110, 40),
    ];

    /// <summary>The colour of foreground class <paramref name="label"/> (1 and above).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The label is below 1.</exception>
    public static Rgb Of(int label)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(label, 1);
        return Foreground[(label - 1) % Foreground.Length];
    }
}
