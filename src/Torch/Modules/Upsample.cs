namespace MLSegmentation.Torch.Modules;

/// <summary>
/// Resizes 2D or 3D input to a fixed size or by a scale factor, as PyTorch's <c>nn.Upsample</c>:
/// nearest neighbour, or (bi/tri)linear by the input's rank.
/// </summary>
public sealed class Upsample : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer; give exactly one of <paramref name="size"/> (one entry per spatial dimension) and <paramref name="scale_factor"/>.</summary>
    public Upsample(long[]? size = null, double? scale_factor = null, InterpolationMode mode = InterpolationMode.Nearest, bool align_corners = false)
    {
        if ((size is null) == (scale_factor is null)) throw new ArgumentException("Upsample takes exactly one of size and scale_factor");
        if (scale_factor is <= 0) throw new ArgumentOutOfRangeException(nameof(scale_factor), scale_factor, "the scale factor must be positive");
        if (align_corners && mode == InterpolationMode.Nearest) throw new ArgumentException("align_corners applies to linear modes only", nameof(align_corners));
        this.size = size?.ToArray();
        this.scale_factor = scale_factor;
        this.mode = mode;
        this.align_corners = align_corners;
    }

    /// <summary>The output's spatial size, or null when scaling.</summary>
    public IReadOnlyList<long>? size { get; }
    /// <summary>The scale factor, or null with a fixed size.</summary>
    public double? scale_factor { get; }
    /// <summary>Nearest or linear.</summary>
    public InterpolationMode mode { get; }
    /// <summary>Linear modes: align the corner pixels' centres.</summary>
    public bool align_corners { get; }

    /// <summary>Resizes <paramref name="input"/>; the result is owned by the caller.</summary>
    public override Tensor forward(Tensor input) =>
        torch.nn.functional.interpolate(input, size?.ToArray(), scale_factor, mode, align_corners);
}
