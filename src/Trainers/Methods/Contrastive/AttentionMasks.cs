using MLSegmentation.Trainers.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace MLSegmentation.Trainers.Methods;

/// <summary>
/// The objects of a batch: for each image i and each foreground class c present in its label map, the
/// attention mask A_{i,c} = (label == c), optionally dilated, as a float mask [M, 1, spatial…] with the
/// image and class of each object. Objects are ordered by image, then class.
/// </summary>
public sealed class AttentionMasks : IDisposable
{
    private AttentionMasks(Tensor masks, long[] images, long[] classes)
    {
        Masks = masks;
        Images = images;
        Classes = classes;
    }

    /// <summary>Masks [M, 1, spatial…] float32 (1 inside the object), at the label map's resolution.</summary>
    public Tensor Masks { get; }

    /// <summary>Batch index of each object's image.</summary>
    public IReadOnlyList<long> Images { get; }

    /// <summary>Class of each object.</summary>
    public IReadOnlyList<long> Classes { get; }

    /// <summary>Number of objects M.</summary>
    public int Count => Images.Count;

    /// <summary>
    /// The objects of <paramref name="labels"/> [N, spatial…] (int64) for classes 1..<paramref name="classes"/>−1;
    /// a class is present when at least one pixel has it (before dilation). Dilation by d pixels is a max
    /// pooling with kernel 2d+1, stride 1.
    /// </summary>
    public static AttentionMasks FromLabels(Tensor labels, int classes, int dilation = 0)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2, nameof(classes));
        ArgumentOutOfRangeException.ThrowIfNegative(dilation, nameof(dilation));
        int spatial = (int)labels.dim() - 1;
        if (spatial is not (2 or 3)) throw new ArgumentException($"labels must be [N, H, W] or [N, D, H, W], got [{string.Join(", ", labels.shape)}]", nameof(labels));
        using var scope = torch.NewDisposeScope();
        long n = labels.size(0);
        long[] toChannels = spatial == 2 ? [0, 3, 1, 2] : [0, 4, 1, 2, 3];
        Tensor oneHot = torch.nn.functional.one_hot(labels.to(ScalarType.Int64), classes).permute(toChannels).to(ScalarType.Float32); // [N, C, spatial…]
        long[] spatialDims = Enumerable.Range(2, spatial).Select(d => (long)d).ToArray();
        float[] present = oneHot.sum(spatialDims).cpu().contiguous().data<float>().ToArray(); // [N, C]
        var images = new List<long>();
        var objectClasses = new List<long>();
        var rows = new List<long>();
        for (long i = 0; i < n; i++)
        {
            for (long c = 1; c < classes; c++)
            {
                if (present[i * classes + c] <= 0) continue;
                images.Add(i);
                objectClasses.Add(c);
                rows.Add(i * classes + c);
            }
        }

        long[] shape = labels.shape;
        long[] flatShape = [n * classes, 1, .. shape.Skip(1)];
        Tensor masks = oneHot.reshape(flatShape).index_select(0, torch.tensor(rows.ToArray(), [rows.Count]).to(labels.device));
        if (dilation > 0) masks = TensorOps.MaxPool(masks, 2 * dilation + 1, stride: 1, padding: dilation);
        return new AttentionMasks(masks.contiguous().MoveToOuterDisposeScope(), [.. images], [.. objectClasses]);
    }

    /// <summary>
    /// Masked average pooling: embedding m = Σ_x F_{i(m)}(x)·a_m(x) / Σ_x a_m(x), where F = <paramref name="features"/>
    /// [N, F, spatial'…] and a_m = the object's mask resized to the features' resolution by area interpolation
    /// (so a one-pixel mask at full resolution weights its feature cell by its area share). Returns [M, F].
    /// </summary>
    public Tensor Pool(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        using var scope = torch.NewDisposeScope();
        long[] featureSize = features.shape.Skip(2).ToArray();
        long[] spatialDims = Enumerable.Range(2, featureSize.Length).Select(d => (long)d).ToArray();
        Tensor weights = ResizedMasks(featureSize).to(features.dtype);
        Tensor perObject = features.index_select(0, ImageIndex(features.device));
        Tensor pooled = (perObject * weights).sum(spatialDims) / weights.sum(spatialDims).clamp(min: 1e-12);
        return pooled.MoveToOuterDisposeScope();
    }

    /// <summary>The masks resized to <paramref name="size"/> by area interpolation (adaptive average pooling), [M, 1, size…].</summary>
    public Tensor ResizedMasks(long[] size)
    {
        ArgumentNullException.ThrowIfNull(size);
        return size.SequenceEqual(Masks.shape.Skip(2)) ? Masks.alias() : torch.nn.functional.interpolate(Masks, size, mode: InterpolationMode.Area);
    }

    /// <summary>The batch index of each object as an int64 tensor on <paramref name="device"/>.</summary>
    public Tensor ImageIndex(Device device)
    {
        Tensor index = torch.tensor(Images.ToArray(), [Count]);
        return device.type == DeviceType.CPU ? index : index.to(device);
    }

    /// <summary>The class of each object as an int64 tensor on <paramref name="device"/>.</summary>
    public Tensor ClassLabels(Device device)
    {
        Tensor labels = torch.tensor(Classes.ToArray(), [Count]);
        return device.type == DeviceType.CPU ? labels : labels.to(device);
    }

    /// <summary>Releases the masks.</summary>
    public void Dispose() => Masks.Dispose();
}
