using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Methods;

/// <summary>
/// The two augmented views of a batch (METHODS.md §2): random resized crop, rotation and horizontal flip,
/// with each label map warped by the same map as its image (nearest interpolation). Built inside the
/// method's hook from the batch tensors, so any <c>IBatchSource</c> serves. The augmentation of a sample
/// depends only on (seed, view, step, dataset index), never on its position in the batch, so the views of a
/// permuted batch are the permuted views, and a resumed run draws the same views.
/// </summary>
public sealed class ContrastiveViews
{
    private readonly TransformPipeline[] _pipelines;

    /// <summary>Views with the augmentation settings of <paramref name="options"/> and randomness from <paramref name="seed"/>.</summary>
    public ContrastiveViews(SemanticContrastiveOptions options, long seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        _pipelines = [Pipeline(options, seed, 0), Pipeline(options, seed, 1)];
    }

    /// <summary>
    /// View <paramref name="view"/> (0 or 1) of a batch: images [N, C, spatial…] float32 and labels [N, spatial…]
    /// int64 on any device; returns new tensors of the same shapes on the same device.
    /// </summary>
    public (Tensor Images, Tensor Labels) Make(Tensor images, Tensor labels, IReadOnlyList<long> sampleIndices, long step, int view)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(sampleIndices);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)view, 1u, nameof(view));
        long[] shape = images.shape;
        int n = (int)shape[0], channels = (int)shape[1];
        int[] size = shape.Skip(2).Select(d => (int)d).ToArray();
        if (sampleIndices.Count != n) throw new ArgumentException($"{sampleIndices.Count} sample indices for {n} images", nameof(sampleIndices));
        int voxels = size.Aggregate(1, (a, b) => a * b);
        float[] pixels = images.cpu().to(ScalarType.Float32).contiguous().data<float>().ToArray();
        int[] classes = labels.cpu().to(ScalarType.Int32).contiguous().data<int>().ToArray();
        var outPixels = new float[pixels.Length];
        var outLabels = new long[classes.Length];
        for (int i = 0; i < n; i++)
        {
            var image = new Image(channels, size, pixels.AsSpan(i * channels * voxels, channels * voxels).ToArray());
            var map = new LabelMap(size, classes.AsSpan(i * voxels, voxels).ToArray());
            SegmentationSample warped = _pipelines[view].Apply(new SegmentationSample(image, map), SampleKey(step, sampleIndices[i]));
            warped.Image.Data.CopyTo(outPixels, i * channels * voxels);
            int[] warpedLabels = warped.Labels!.Data;
            for (int k = 0; k < voxels; k++) outLabels[i * voxels + k] = warpedLabels[k];
        }

        Device device = images.device;
        Tensor viewImages = torch.tensor(outPixels, shape);
        Tensor viewLabels = torch.tensor(outLabels, labels.shape);
        return device.type == DeviceType.CPU ? (viewImages, viewLabels) : (viewImages.to(device), viewLabels.to(device));
    }

    private static long SampleKey(long step, long sampleIndex) => unchecked(step * (long)0x9E3779B97F4A7C15UL ^ sampleIndex);

    private static TransformPipeline Pipeline(SemanticContrastiveOptions options, long seed, int view) =>
        new(unchecked(seed * 31 + 0x5643_4C00 + view),
            new RandomResizedCrop(options.CropScaleMin, options.CropScaleMax),
            new RandomRotation(options.RotationDegrees),
            new RandomFlip(0, options.FlipProbability));
}
