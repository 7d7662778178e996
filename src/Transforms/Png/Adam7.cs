namespace MLSegmentation.Transforms;

/// <summary>The seven passes of PNG's Adam7 interlacing.</summary>
internal static class Adam7
{
    /// <summary>One pass: the first pixel and the step along each axis.</summary>
    public readonly record struct Pass(int XStart, int YStart, int XStep, int YStep)
    {
        /// <summary>Number of columns this pass holds in an image of <paramref name="width"/>.</summary>
        public int Width(int width) => width > XStart ? (width - XStart + XStep - 1) / XStep : 0;

        /// <summary>Number of rows this pass holds in an image of <paramref name="height"/>.</summary>
        public int Height(int height) => height > YStart ? (height - YStart + YStep - 1) / YStep : 0;
    }

    /// <summary>The passes in file order.</summary>
    public static readonly Pass[] Passes =
    [
        new(0, 0, 8, 8), new(4, 0, 8, 8), new(0, 4, 4, 8), new(2, 0, 4, 4),
        new(0, 2, 2, 4), new(1, 0, 2, 2), new(0, 1, 1, 2),
    ];

    /// <summary>The single pass of a non-interlaced image.</summary>
    public static readonly Pass[] Whole = [new(0, 0, 1, 1)];
}
