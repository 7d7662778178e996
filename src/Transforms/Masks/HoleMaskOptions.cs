namespace MLSegmentation.Transforms;

/// <summary>Options of <see cref="HoleMaskGenerator"/> (MaskSup's free-form hole masks, METHODS.md §3).</summary>
public sealed record HoleMaskOptions
{
    /// <summary>Smallest share of the image a mask covers. Default 0.4.</summary>
    public double MaskCoverageMin { get; init; } = 0.4;

    /// <summary>Largest share of the image a mask covers, at most 0.95. Default 0.6.</summary>
    public double MaskCoverageMax { get; init; } = 0.6;

    /// <summary>Smallest brush width, as a share of the image's shorter side. Default 0.04.</summary>
    public double BrushWidthMin { get; init; } = 0.04;

    /// <summary>Largest brush width, as a share of the image's shorter side. Default 0.15.</summary>
    public double BrushWidthMax { get; init; } = 0.15;

    /// <summary>Fewest segments in one stroke. Default 3.</summary>
    public int SegmentsMin { get; init; } = 3;

    /// <summary>Most segments in one stroke. Default 10.</summary>
    public int SegmentsMax { get; init; } = 10;

    /// <summary>Longest segment, as a share of the image's longer side. Default 0.3.</summary>
    public double SegmentLengthMax { get; init; } = 0.3;

    /// <summary>Largest turn between consecutive segments, in radians. Default π/2.5.</summary>
    public double TurnMax { get; init; } = Math.PI / 2.5;

    /// <summary>Throws <see cref="ArgumentException"/> when the options are inconsistent.</summary>
    public void Validate()
    {
        if (!(MaskCoverageMin >= 0 && MaskCoverageMin <= MaskCoverageMax && MaskCoverageMax <= 0.95))
        {
            throw new ArgumentException($"Need 0 ≤ MaskCoverageMin ≤ MaskCoverageMax ≤ 0.95, got [{MaskCoverageMin}, {MaskCoverageMax}].");
        }

        if (!(BrushWidthMin > 0 && BrushWidthMin <= BrushWidthMax && BrushWidthMax <= 1))
        {
            throw new ArgumentException($"Need 0 < BrushWidthMin ≤ BrushWidthMax ≤ 1, got [{BrushWidthMin}, {BrushWidthMax}].");
        }

        if (SegmentsMin < 1 || SegmentsMax < SegmentsMin || !(SegmentLengthMax > 0) || !(TurnMax >= 0))
        {
            throw new ArgumentException("Need 1 ≤ SegmentsMin ≤ SegmentsMax, SegmentLengthMax > 0 and TurnMax ≥ 0.");
        }
    }
}
