using SkiaSharp;

namespace MLSegmentation.Reporting.Tests;

internal static class Pixels
{
    public static Rgb At(this SKBitmap bitmap, int x, int y)
    {
        SKColor c = bitmap.GetPixel(x, y);
        return new Rgb(c.Red, c.Green, c.Blue);
    }

    /// <summary>Pixels of the rectangle that differ from <paramref name="background"/>.</summary>
    public static int Ink(this SKBitmap bitmap, SKRectI area, Rgb background)
    {
        int ink = 0;
        for (int y = area.Top; y < area.Bottom; y++)
        {
            for (int x = area.Left; x < area.Right; x++) ink += bitmap.At(x, y) != background ? 1 : 0;
        }

        return ink;
    }
}
