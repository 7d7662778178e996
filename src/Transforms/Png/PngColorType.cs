namespace MLSegmentation.Transforms;

/// <summary>The PNG colour types (the IHDR values).</summary>
public enum PngColorType
{
    /// <summary>Greyscale, 1/2/4/8/16 bits.</summary>
    Grey = 0,

    /// <summary>Red, green, blue; 8 or 16 bits.</summary>
    Rgb = 2,

    /// <summary>Indices into a palette of RGB colours; 1/2/4/8 bits.</summary>
    Palette = 3,

    /// <summary>Greyscale with alpha; 8 or 16 bits.</summary>
    GreyAlpha = 4,

    /// <summary>Red, green, blue, alpha; 8 or 16 bits.</summary>
    Rgba = 6,
}
