using System.Text.Json.Serialization;

namespace MLSegmentation.Networks;

/// <summary>Normalisation after each convolution of a U-Net.</summary>
public enum Normalization
{
    /// <summary>BatchNorm: batch statistics in training, running statistics in evaluation (folds into the convolution on export).</summary>
    Batch,
    /// <summary>InstanceNorm with affine parameters (nnU-Net's choice; independent of the batch size).</summary>
    Instance,
    /// <summary>GroupNorm with <see cref="UNetOptions.Groups"/> groups.</summary>
    Group,
}

/// <summary>Non-linearity after each normalisation.</summary>
public enum Activation
{
    /// <summary>max(x, 0).</summary>
    ReLU,
    /// <summary>LeakyReLU with slope 0.01 (nnU-Net's choice).</summary>
    LeakyReLU,
}

/// <summary>How a U-Net halves the resolution between encoder stages.</summary>
public enum Downsampling
{
    /// <summary>2×2 max pooling.</summary>
    MaxPool,
    /// <summary>The stage's first convolution has stride 2 (nnU-Net's choice).</summary>
    StridedConvolution,
}

/// <summary>How a U-Net doubles the resolution between decoder stages.</summary>
public enum Upsampling
{
    /// <summary>2×2 transposed convolution.</summary>
    TransposedConvolution,
    /// <summary>Nearest-neighbour interpolation followed by a 1×1 convolution.</summary>
    Interpolation,
}

/// <summary>
/// The architecture of a U-Net: what the trainers build and what the ONNX exporter maps to a graph, so it lives
/// with the model contract and needs no tensor engine. The defaults are the small network of DESIGN.md's anchors
/// (depth 4, base width 32, BatchNorm, 7.7 M parameters at one input channel);
/// <see cref="NnUNet"/> gives the configuration CoLab uses.
/// </summary>
public sealed record UNetOptions
{
    /// <summary>2 for images [N, C, H, W], 3 for volumes [N, C, D, H, W].</summary>
    public int Dimensions { get; init; } = 2;

    /// <summary>Input channels (modalities).</summary>
    public int InputChannels { get; init; } = 1;

    /// <summary>Output channels (classes including background, plus CoLab's context classes).</summary>
    public int Classes { get; init; } = 2;

    /// <summary>Number of down-sampling steps; inputs are padded to a multiple of <see cref="SizeMultiples"/>.</summary>
    public int Depth { get; init; } = 4;

    /// <summary>
    /// Per down-sampling step (<see cref="Depth"/> entries, the first between stages 0 and 1), the factor, 1 or 2, by which
    /// each spatial axis is down-sampled ([D, H, W] or [H, W] order); the decoder up-samples by the same factors.
    /// Null, the default, halves every axis at every step. Anisotropic data take 1 on their coarse axis until the voxels
    /// are nearly isotropic, as nnU-Net's <c>pool_op_kernel_sizes</c> do, e.g. <c>[[1, 2, 2], [1, 2, 2], [2, 2, 2]]</c>
    /// for slices 4× thicker than the in-plane spacing.
    /// </summary>
    public int[][]? DownsamplingFactors { get; init; }

    /// <summary>
    /// The product of the <see cref="DownsamplingFactors"/> per spatial axis (2^<see cref="Depth"/> on every axis by default):
    /// the network runs on sizes that are multiples of it. Other sizes are zero-padded at the end of each spatial axis to
    /// the next multiple, by the trainers' network and by the exported graph alike, and the outputs cropped back, so any
    /// size goes in and the same size comes out.
    /// </summary>
    [JsonIgnore]
    public long[] SizeMultiples => Scale(Depth);

    /// <summary>Channels of the first stage; each deeper stage doubles them.</summary>
    public int BaseWidth { get; init; } = 32;

    /// <summary>The most channels any stage has.</summary>
    public int MaxWidth { get; init; } = 512;

    /// <summary>Convolutions per stage.</summary>
    public int ConvolutionsPerStage { get; init; } = 2;

    /// <summary>Normalisation after each convolution.</summary>
    public Normalization Normalization { get; init; } = Normalization.Batch;

    /// <summary>Groups for <see cref="Normalization.Group"/>.</summary>
    public int Groups { get; init; } = 8;

    /// <summary>Non-linearity.</summary>
    public Activation Activation { get; init; } = Activation.ReLU;

    /// <summary>Down-sampling between encoder stages.</summary>
    public Downsampling Downsampling { get; init; } = Downsampling.MaxPool;

    /// <summary>Up-sampling between decoder stages.</summary>
    public Upsampling Upsampling { get; init; } = Upsampling.TransposedConvolution;

    /// <summary>Adds 1×1 heads on the decoder's lower-resolution stages (trained against down-sampled labels; not exported).</summary>
    public bool DeepSupervision { get; init; }

    /// <summary>The nnU-Net-style configuration CoLab uses: InstanceNorm, LeakyReLU, strided convolutions, widths 32…320, deep supervision.</summary>
    public static UNetOptions NnUNet(int dimensions, int inputChannels, int classes, int depth = 5) => new()
    {
        Dimensions = dimensions,
        InputChannels = inputChannels,
        Classes = classes,
        Depth = depth,
        BaseWidth = 32,
        MaxWidth = 320,
        Normalization = Normalization.Instance,
        Activation = Activation.LeakyReLU,
        Downsampling = Downsampling.StridedConvolution,
        DeepSupervision = true,
    };

    /// <summary>Channels of encoder stage <paramref name="stage"/> (0 = full resolution).</summary>
    public int Width(int stage) => (int)Math.Min((long)BaseWidth << stage, MaxWidth);

    /// <summary>The down-sampling factor per spatial axis between encoder stages <paramref name="stage"/> − 1 and <paramref name="stage"/> (1 ≤ stage ≤ Depth).</summary>
    public long[] Factors(int stage)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stage, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(stage, Depth);
        return DownsamplingFactors is { } factors ? [.. factors[stage - 1].Select(f => (long)f)] : [.. Enumerable.Repeat(2L, Dimensions)];
    }

    /// <summary>How many input voxels per axis one voxel of encoder stage <paramref name="stage"/> spans: the product of the factors of steps 1…stage.</summary>
    public long[] Scale(int stage)
    {
        var scale = Enumerable.Repeat(1L, Dimensions).ToArray();
        for (int s = 1; s <= stage; s++)
        {
            long[] f = Factors(s);
            for (int d = 0; d < scale.Length; d++) scale[d] *= f[d];
        }
        return scale;
    }

    /// <summary>Checks every option; throws naming the first invalid one.</summary>
    public void Validate()
    {
        if (Dimensions is not (2 or 3)) throw new ArgumentOutOfRangeException(nameof(Dimensions), Dimensions, "a U-Net is 2D or 3D");
        if (InputChannels < 1) throw new ArgumentOutOfRangeException(nameof(InputChannels), InputChannels, "at least one input channel");
        if (Classes < 1) throw new ArgumentOutOfRangeException(nameof(Classes), Classes, "at least one output channel");
        if (Depth is < 1 or > 8) throw new ArgumentOutOfRangeException(nameof(Depth), Depth, "depth is 1 to 8");
        if (BaseWidth < 1 || MaxWidth < BaseWidth) throw new ArgumentOutOfRangeException(nameof(BaseWidth), BaseWidth, "base width must be positive and at most MaxWidth");
        if (ConvolutionsPerStage < 1) throw new ArgumentOutOfRangeException(nameof(ConvolutionsPerStage), ConvolutionsPerStage, "at least one convolution per stage");
        if (DownsamplingFactors is { } factors)
        {
            if (factors.Length != Depth)
                throw new ArgumentException($"{factors.Length} down-sampling steps given for a network of depth {Depth}", nameof(DownsamplingFactors));
            for (int s = 0; s < factors.Length; s++)
            {
                if (factors[s] is null || factors[s].Length != Dimensions || factors[s].Any(f => f is not (1 or 2)))
                    throw new ArgumentException($"step {s + 1} is [{string.Join(", ", factors[s] ?? [])}]: each step needs {Dimensions} factors, each 1 or 2", nameof(DownsamplingFactors));
            }
        }
        if (Normalization == Normalization.Group && Enumerable.Range(0, Depth + 1).Any(s => Width(s) % Groups != 0))
            throw new ArgumentException($"every stage width must be divisible by Groups = {Groups}", nameof(Groups));
    }
}
