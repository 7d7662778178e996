using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Methods;

/// <summary>
/// MaskSup's hole masks for the training steps: the mask of a sample at a step is a pure function of
/// (seed, step, sample index), so a sample gets a fresh mask each time it is drawn, a resumed run sees the
/// same masks as an uninterrupted one, and the masks do not depend on how many threads draw them.
/// </summary>
/// <remarks>
/// The mask comes from <see cref="HoleMaskGenerator"/> seeded with a number derived from (seed, step) by
/// <see cref="SampleRandom"/>, at the sample's index. One 2D mask per sample covers every input channel (and
/// every slice of a volume). Instances are immutable and thread-safe.
/// </remarks>
public sealed class MaskSupMasks
{
    /// <summary>The <see cref="SampleRandom"/> purpose key that turns (seed, step) into a mask generator's seed.</summary>
    public const long StepPurpose = 0x4D53_5550; // "MSUP"

    private readonly HoleMaskOptions _options;

    /// <summary>Creates the masks of a run.</summary>
    /// <param name="options">Coverage and brush of the masks; the defaults (coverage 0.4–0.6) when null.</param>
    /// <param name="seed">The run's mask seed.</param>
    public MaskSupMasks(HoleMaskOptions? options, long seed)
    {
        _options = options ?? new HoleMaskOptions();
        _options.Validate();
        Seed = seed;
    }

    /// <summary>The run's mask seed.</summary>
    public long Seed { get; }

    /// <summary>The mask of sample <paramref name="sampleIndex"/> at step <paramref name="step"/>: height × width values, 1 on holes and 0 elsewhere (row-major).</summary>
    public float[] Draw(long step, long sampleIndex, int height, int width)
    {
        long stepSeed = (long)new SampleRandom(Seed, step, StepPurpose).NextUInt64();
        return new HoleMaskGenerator(_options, stepSeed).Generate(height, width, sampleIndex).Data;
    }

    /// <summary>
    /// The masks of a batch as a float32 tensor [N, 1, height, width] on the CPU (1 on holes), drawn on up to
    /// <paramref name="workers"/> threads (0: every core); the values do not depend on the thread count.
    /// </summary>
    public Tensor Batch(long step, IReadOnlyList<long> sampleIndices, int height, int width, int workers = 0)
    {
        ArgumentNullException.ThrowIfNull(sampleIndices);
        ArgumentOutOfRangeException.ThrowIfNegative(workers);
        int plane = height * width;
        var all = new float[sampleIndices.Count * plane];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = workers == 0 ? Environment.ProcessorCount : workers };
        Parallel.For(0, sampleIndices.Count, parallel, i => Draw(step, sampleIndices[i], height, width).CopyTo(all, i * plane));
        return torch.tensor(all, [sampleIndices.Count, 1, height, width]);
    }

    /// <summary>
    /// The masked images x ⊙ (1 − M) + fill·M: exactly <paramref name="fill"/> where the mask is 1 and the input
    /// untouched elsewhere, differentiable with respect to <paramref name="images"/>.
    /// </summary>
    /// <param name="images">Images [N, C, H, W] or volumes [N, C, D, H, W].</param>
    /// <param name="masks">Masks [N, 1, H, W] as <see cref="Batch"/> gives them (any device; moved to the images').</param>
    /// <param name="fill">The value of masked pixels.</param>
    public static Tensor Apply(Tensor images, Tensor masks, double fill)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(masks);
        if (masks.dim() != 4 || masks.size(1) != 1 || masks.size(0) != images.size(0) || images.dim() is not (4 or 5)
            || masks.size(2) != images.size(-2) || masks.size(3) != images.size(-1))
            throw new ArgumentException($"masks [{string.Join(", ", masks.shape)}] do not fit images [{string.Join(", ", images.shape)}]", nameof(masks));
        using var scope = torch.NewDisposeScope();
        Tensor holes = masks.to(images.device).gt(0.5);
        if (images.dim() == 5) holes = holes.unsqueeze(2);
        return torch.where(holes, fill, images).MoveToOuterDisposeScope();
    }
}
