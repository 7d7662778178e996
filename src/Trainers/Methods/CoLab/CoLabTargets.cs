using MLSegmentation.Trainers.Engine;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Losses;
using MLSegmentation.Transforms;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Trainers.Methods;

/// <summary>
/// CoLab's soft context targets (METHODS.md §1): the generator's probabilities on background pixels, one-hot labels on
/// ROI pixels, faded to plain background with the distance from the ROI, and their deep-supervision pyramid.
/// </summary>
/// <remarks>
/// The distance d is computed per batch from the (already augmented) label maps with the exact Euclidean distance
/// transform (<see cref="DistanceTransform.SquaredDistanceToFeature"/>, unit spacing, in pixels): the same map the
/// paper precomputes and augments with the image, without the interpolation of a resampled distance map.
/// </remarks>
public static class CoLabTargets
{
    /// <summary>
    /// The <see cref="MLSegmentation.Transforms.DistanceFade"/> of each label map, [N, 1, spatial…] float32 on the labels'
    /// device. Training takes the fade from the batch's side data instead (<see cref="CoLabMethod.SampleTransforms"/>), computed
    /// before augmentation; this is for batch sources without it.
    /// </summary>
    /// <param name="labels">Class indices [N, spatial…] (int64).</param>
    /// <param name="tauSub">τ_sub in pixels.</param>
    /// <param name="tauDev">τ_dev in pixels.</param>
    public static Tensor DistanceFade(Tensor labels, double tauSub, double tauDev)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.dim() < 3) throw new ArgumentException($"labels must be [N, spatial…], got [{string.Join(", ", labels.shape)}]", nameof(labels));
        long[] shape = labels.shape;
        int[] size = shape.Skip(1).Select(s => (int)s).ToArray();
        int[] all;
        using (var cpu = labels.to(ScalarType.Int32, torch.CPU)) all = cpu.data<int>().ToArray();
        int perImage = all.Length / (int)shape[0];
        var fade = new float[all.Length];
        for (int n = 0; n < shape[0]; n++)
            MLSegmentation.Transforms.DistanceFade.Compute(all.AsSpan(n * perImage, perImage), size, tauSub, tauDev).CopyTo(fade, n * perImage);
        long[] fadeShape = [shape[0], 1, .. shape.Skip(1)];
        if (labels.device.type == DeviceType.CPU) return torch.tensor(fade, fadeShape);
        using var host = torch.tensor(fade, fadeShape);
        return host.to(labels.device);
    }

    /// <summary>
    /// Soft targets [N, C + K, spatial…]: on background pixels t = [p_0, 0 (each ROI channel), p_1 … p_K], on ROI pixels
    /// onehot(y), then t ← m·t + (1 − m)·onehot(0). The fade is taken as 1 on ROI pixels whatever
    /// <paramref name="fade"/> holds there. Differentiable in <paramref name="generatorProbabilities"/>.
    /// </summary>
    /// <param name="generatorProbabilities">softmax(g_φ(x)) [N, K + 1, spatial…].</param>
    /// <param name="labels">Class indices [N, spatial…] (int64) at the same resolution.</param>
    /// <param name="fade">The fade m [N, 1, spatial…].</param>
    /// <param name="classes">C, background included.</param>
    public static Tensor Soft(Tensor generatorProbabilities, Tensor labels, Tensor fade, int classes)
    {
        ArgumentNullException.ThrowIfNull(generatorProbabilities);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(fade);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        Tensor p = generatorProbabilities;
        long k = p.size(1) - 1;
        if (k < 1) throw new ArgumentException("the generator needs at least two outputs (background and one context class)", nameof(generatorProbabilities));
        using var scope = torch.NewDisposeScope();
        Tensor oneHot = Targets.AsProbabilities(labels, torch.zeros([p.size(0), classes, .. p.shape.Skip(2)], device: p.device));
        Tensor roi = labels.gt(0).unsqueeze(1).to(p.dtype);
        Tensor background = 1 - roi;
        Tensor zerosRoi = torch.zeros([p.size(0), classes - 1, .. p.shape.Skip(2)], p.dtype, p.device);
        Tensor zerosContext = torch.zeros([p.size(0), k, .. p.shape.Skip(2)], p.dtype, p.device);
        Tensor onBackground = torch.cat([p.narrow(1, 0, 1), zerosRoi, p.narrow(1, 1, k)], 1);
        Tensor onRoi = torch.cat([oneHot.to(p.dtype), zerosContext], 1);
        Tensor t = background * onBackground + roi * onRoi;
        Tensor m = fade.to(p.dtype).maximum(roi);
        Tensor plain = torch.cat([torch.ones([p.size(0), 1, .. p.shape.Skip(2)], p.dtype, p.device), torch.zeros([p.size(0), classes - 1 + k, .. p.shape.Skip(2)], p.dtype, p.device)], 1);
        return (m * t + (1 - m) * plain).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Soft targets at the resolution of every output in <paramref name="outputs"/> (full resolution first): labels
    /// resized by nearest neighbour, generator probabilities by average pooling, the fade by min pooling, then
    /// <see cref="Soft"/> at that resolution.
    /// </summary>
    public static IReadOnlyList<Tensor> Pyramid(IReadOnlyList<Tensor> outputs, Tensor generatorProbabilities, Tensor labels, Tensor fade, int classes)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(generatorProbabilities);
        ArgumentNullException.ThrowIfNull(fade);
        var targets = new List<Tensor>(outputs.Count);
        using var scope = torch.NewDisposeScope();
        foreach (Tensor output in outputs)
        {
            long[] factors = TensorOps.SpatialFactors(generatorProbabilities, output);
            bool full = factors.All(f => f == 1);
            Tensor p = full ? generatorProbabilities : TensorOps.AvgPool(generatorProbabilities, factors);
            Tensor m = full ? fade : TensorOps.MinPool(fade, factors);
            Tensor y = DeepSupervisionLoss.Resize(labels, output);
            targets.Add(Soft(p, y, m, classes));
        }
        foreach (Tensor t in targets) t.MoveToOuterDisposeScope();
        return targets;
    }
}
