namespace MLSegmentation.Onnx;

/// <summary>Turns class probabilities [K, plane] into labels: argmax, or per-class thresholds.</summary>
internal static class LabelDecision
{
    /// <summary>The class of highest probability per pixel (the first on ties, as <c>torch.argmax</c>).</summary>
    public static void Argmax(ReadOnlySpan<float> probabilities, int classes, Span<int> labels)
    {
        var plane = labels.Length;
        for (var i = 0; i < plane; i++)
        {
            var best = 0;
            var max = probabilities[i];
            for (var k = 1; k < classes; k++)
            {
                var p = probabilities[k * plane + i];
                if (p > max)
                {
                    max = p;
                    best = k;
                }
            }
            labels[i] = best;
        }
    }

    /// <summary>
    /// Per pixel, the foreground class (k ≥ 1) of highest probability among those with probability ≥ thresholds[k];
    /// background (0) when none qualifies.
    /// </summary>
    public static void Threshold(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<float> thresholds, Span<int> labels)
    {
        var plane = labels.Length;
        for (var i = 0; i < plane; i++)
        {
            var best = 0;
            var max = float.NegativeInfinity;
            for (var k = 1; k < classes; k++)
            {
                var p = probabilities[k * plane + i];
                if (p >= thresholds[k] && p > max)
                {
                    max = p;
                    best = k;
                }
            }
            labels[i] = best;
        }
    }
}
