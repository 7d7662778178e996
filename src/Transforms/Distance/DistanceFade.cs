namespace MLSegmentation.Transforms;

/// <summary>
/// CoLab's distance fade (METHODS.md §1): m = min(1, exp((τ_sub − d)/τ_dev)) per pixel, d being the Euclidean distance in
/// pixels to the nearest ROI pixel (label &gt; 0); m = 1 on ROI pixels and on every pixel of a map without ROI.
/// </summary>
public static class DistanceFade
{
    /// <summary>The fade of every pixel of one label map of <paramref name="size"/> (slowest axis first).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tauDev"/> is not positive.</exception>
    public static float[] Compute(ReadOnlySpan<int> labels, IReadOnlyList<int> size, double tauSub, double tauDev)
    {
        ArgumentNullException.ThrowIfNull(size);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tauDev);
        var roi = new bool[labels.Length];
        bool any = false;
        for (int i = 0; i < labels.Length; i++) any |= roi[i] = labels[i] > 0;
        var fade = new float[labels.Length];
        if (!any)
        {
            Array.Fill(fade, 1f);
            return fade;
        }
        double[] squared = DistanceTransform.SquaredDistanceToFeature(roi, size, [.. Enumerable.Repeat(1.0, size.Count)]);
        for (int i = 0; i < fade.Length; i++) fade[i] = roi[i] ? 1f : (float)Of(Math.Sqrt(squared[i]), tauSub, tauDev);
        return fade;
    }

    /// <summary>The fade of a background pixel at <paramref name="distance"/> pixels from the ROI.</summary>
    public static double Of(double distance, double tauSub, double tauDev) => Math.Min(1.0, Math.Exp((tauSub - distance) / tauDev));
}
