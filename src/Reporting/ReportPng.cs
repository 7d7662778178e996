using MLSegmentation.Transforms;
using SkiaSharp;

namespace MLSegmentation.Reporting;

/// <summary>The report's pictures as PNG files, encoded by SkiaSharp.</summary>
internal static class ReportPng
{
    /// <summary>An opaque RGB bitmap (PNG files without an alpha channel).</summary>
    public static SKBitmap Create(int width, int height) => new(new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Opaque));

    /// <summary>Writes <paramref name="bitmap"/> as PNG through a temporary file and a rename.</summary>
    public static void Write(string path, SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        using SKData png = bitmap.Encode(SKEncodedImageFormat.Png, 100) ?? throw new InvalidOperationException($"SkiaSharp could not encode {path}");
        AtomicFile.Write(path, png.SaveTo);
    }
}
