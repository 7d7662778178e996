using F = MLSegmentation.Torch.torch.nn.functional;

namespace MLSegmentation.Torch.Tests;

/// <summary>Operator values on small inputs whose results are worked out by hand.</summary>
public class OpValueTests
{
    private static Tensor T(double[] values, params long[] shape) => torch.tensor(values, shape);

    private static Tensor Bools(params bool[] values) => torch.tensor(values);

    private static void AssertValues(Tensor actual, double[] expected, double tolerance = 1e-9)
    {
        using var d = actual.to(ScalarType.Float64);
        Assert.That(d.data<double>(), Is.EqualTo(expected).Within(tolerance));
    }

    [Test]
    public void Convolution2dByHand()
    {
        using var scope = torch.NewDisposeScope();
        // 3×3 input 1..9, 2×2 kernel of ones, bias 0.5: each output is the sum of a 2×2 window + 0.5.
        Tensor x = T([1, 2, 3, 4, 5, 6, 7, 8, 9], 1, 1, 3, 3);
        Tensor w = torch.ones([1, 1, 2, 2], ScalarType.Float64);
        AssertValues(F.conv2d(x, w, T([0.5], 1)), [12.5, 16.5, 24.5, 28.5]);
        // Padding 1, stride 2: corners see one, two or four elements.
        AssertValues(F.conv2d(x, w, stride: 2, padding: 1), [1, 5, 11, 28]);
        // Transposed convolution with stride 2 of a 1×1 map spreads the kernel.
        Tensor k = T([1, 2, 3, 4], 1, 1, 2, 2);
        AssertValues(F.conv_transpose2d(T([2], 1, 1, 1, 1), k, stride: 2), [2, 4, 6, 8]);
    }

    [Test]
    public void Convolution3dByHand()
    {
        using var scope = torch.NewDisposeScope();
        Tensor x = torch.arange(0, 8, 1, ScalarType.Float64).reshape(1, 1, 2, 2, 2);
        AssertValues(F.conv3d(x, torch.ones([1, 1, 2, 2, 2], ScalarType.Float64)), [28]);
        AssertValues(F.conv3d(x, torch.ones([1, 1, 1, 1, 1], ScalarType.Float64), null, [2, 1, 1]), [0, 1, 2, 3]);
    }

    [Test]
    public void NormalisationByHand()
    {
        using var scope = torch.NewDisposeScope();
        // One channel, values 1..4: mean 2.5, biased variance 1.25.
        Tensor x = T([1, 2, 3, 4], 1, 1, 2, 2);
        double s = Math.Sqrt(1.25 + 1e-5);
        double[] expected = [-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s];
        AssertValues(F.instance_norm(x), expected, 1e-9);
        AssertValues(F.group_norm(x, 1), expected, 1e-9);
        Tensor runningMean = torch.zeros([1], ScalarType.Float64);
        Tensor runningVar = torch.ones([1], ScalarType.Float64);
        AssertValues(F.batch_norm(x, runningMean, runningVar, training: true), expected, 1e-9);
        // Running statistics: momentum 0.1, unbiased variance 5/3.
        AssertValues(runningMean, [0.25], 1e-12);
        AssertValues(runningVar, [0.9 + 0.1 * 5.0 / 3.0], 1e-12);
        // Evaluation mode uses the running statistics.
        AssertValues(F.batch_norm(T([1], 1, 1, 1, 1), runningMean, runningVar), [(1 - 0.25) / Math.Sqrt(0.9 + 0.5 / 3 + 1e-5)], 1e-9);
    }

    [Test]
    public void ActivationsByHand()
    {
        using var scope = torch.NewDisposeScope();
        Tensor x = T([-2, 0, 3], 3);
        AssertValues(F.relu(x), [0, 0, 3]);
        AssertValues(F.leaky_relu(x, 0.1), [-0.2, 0, 3]);
        AssertValues(F.sigmoid(x), [1 / (1 + Math.Exp(2)), 0.5, 1 / (1 + Math.Exp(-3))]);
        AssertValues(F.tanh(x), [Math.Tanh(-2), 0, Math.Tanh(3)]);
        AssertValues(F.logsigmoid(x), [-Math.Log(1 + Math.Exp(2)), -Math.Log(2), -Math.Log(1 + Math.Exp(-3))]);
        AssertValues(F.softplus(x), [Math.Log(1 + Math.Exp(-2)), Math.Log(2), Math.Log(1 + Math.Exp(3))]);
        AssertValues(F.silu(x), [-2 / (1 + Math.Exp(2)), 0, 3 / (1 + Math.Exp(-3))]);
        AssertValues(F.elu(x), [Math.Exp(-2) - 1, 0, 3]);
        double z = Math.Exp(-2) + 1 + Math.Exp(3);
        AssertValues(F.softmax(x, 0), [Math.Exp(-2) / z, 1 / z, Math.Exp(3) / z]);
        AssertValues(F.log_softmax(x, 0), [-2 - Math.Log(z), -Math.Log(z), 3 - Math.Log(z)]);
        AssertValues(x.relu(), [0, 0, 3]);
        AssertValues(x.sigmoid(), [1 / (1 + Math.Exp(2)), 0.5, 1 / (1 + Math.Exp(-3))]);
    }

    [Test]
    public void PoolingByHand()
    {
        using var scope = torch.NewDisposeScope();
        Tensor x = T([1, 5, 2, 0, 3, 4, 8, 1, 9, 2, 6, 7, 0, 3, 5, 4], 1, 1, 4, 4);
        AssertValues(F.max_pool(x, 2), [5, 8, 9, 7]);
        AssertValues(F.min_pool(x, 2), [1, 0, 0, 4]);
        AssertValues(F.avg_pool(x, 2), [13 / 4.0, 11 / 4.0, 14 / 4.0, 22 / 4.0]);
        AssertValues(F.adaptive_avg_pool(x, 1), [60 / 16.0]);
        AssertValues(F.interpolate(x, size: [2, 2], mode: InterpolationMode.Area), [13 / 4.0, 11 / 4.0, 14 / 4.0, 22 / 4.0]);
        (Tensor values, Tensor indices) = F.max_pool_with_indices(x, 2);
        AssertValues(values, [5, 8, 9, 7]);
        Assert.That(indices.data<long>(), Is.EqualTo(new long[] { 1, 6, 8, 11 }));
        Tensor restored = F.max_unpool(values, indices, [4, 4]);
        AssertValues(restored, [0, 5, 0, 0, 0, 0, 8, 0, 9, 0, 0, 7, 0, 0, 0, 0]);
        // 3D: a 2×2×2 cube pools to its maximum and minimum; unpooling puts the maximum back.
        Tensor cube = T([3, 1, 4, 1, 5, 9, 2, 6], 1, 1, 2, 2, 2);
        AssertValues(F.max_pool(cube, 2), [9]);
        AssertValues(F.min_pool(cube, 2), [1]);
        (Tensor v3, Tensor i3) = F.max_pool_with_indices(cube, 2);
        AssertValues(F.max_unpool(v3, i3, [2, 2, 2]), [0, 0, 0, 0, 0, 9, 0, 0]);
        // Anisotropic 3D pooling keeps the depth.
        AssertValues(F.max_pool(cube, [1, 2, 2]), [4, 9]);
        AssertValues(F.avg_pool(cube, [2, 1, 1]), [4, 5, 3, 3.5]);
    }

    [Test]
    public void InterpolationByHand()
    {
        using var scope = torch.NewDisposeScope();
        Tensor x = T([1, 2, 3, 4], 1, 1, 2, 2);
        AssertValues(F.interpolate(x, scale_factor: 2), [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
        // align_corners: the corners stay, the centre is the mean.
        AssertValues(F.interpolate(x, size: [3, 3], mode: InterpolationMode.Linear, align_corners: true), [1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4]);
        // Without align_corners, 2× upsampling weights neighbours 3/4 and 1/4, clamped at the edges.
        AssertValues(F.interpolate(T([0, 4], 1, 1, 1, 2), size: [1, 4], mode: InterpolationMode.Linear), [0, 1, 3, 4]);
        Tensor v = torch.arange(0, 8, 1, ScalarType.Float64).reshape(1, 1, 2, 2, 2);
        AssertValues(F.interpolate(v, size: [3, 3, 3], mode: InterpolationMode.Linear, align_corners: true).mean(), [3.5]);
        AssertValues(F.interpolate(v, size: [1, 1, 1]), [0]);
    }

    [Test]
    public void PaddingModesByHand()
    {
        using var scope = torch.NewDisposeScope();
        Tensor x = T([1, 2, 3], 1, 1, 3);
        AssertValues(F.pad(x, [2, 1], PaddingMode.Reflect), [3, 2, 1, 2, 3, 2]);
        AssertValues(F.pad(x, [2, 1], PaddingMode.Replicate), [1, 1, 1, 2, 3, 3]);
        AssertValues(F.pad(x, [2, 1], PaddingMode.Circular), [2, 3, 1, 2, 3, 1]);
        AssertValues(F.pad(x, [1, 1], PaddingMode.Constant, -1), [-1, 1, 2, 3, -1]);
        AssertValues(x.pad([0, 2]), [1, 2, 3, 0, 0]);
        Tensor square = T([1, 2, 3, 4], 1, 1, 2, 2);
        AssertValues(F.pad(square, [1, 0, 0, 1], PaddingMode.Replicate), [1, 1, 2, 3, 3, 4, 3, 3, 4]);
        Tensor cube = torch.arange(0, 8, 1, ScalarType.Float64).reshape(1, 1, 2, 2, 2);
        Assert.That(F.pad(cube, [1, 1, 1, 1, 1, 1], PaddingMode.Reflect).shape, Is.EqualTo(new long[] { 1, 1, 4, 4, 4 }));
        Assert.That(F.pad(cube, [1, 1, 1, 1, 1, 1], PaddingMode.Replicate).sum().ToDouble(), Is.EqualTo(8 * 28).Within(1e-9));
    }

    [Test]
    public void LossesByHand()
    {
        using var scope = torch.NewDisposeScope();
        Tensor logits = T([0, Math.Log(3), 0, 0], 2, 2);
        Tensor labels = torch.tensor(new long[] { 1, 0 });
        // Row 0: p(1) = 3/4; row 1: p(0) = 1/2.
        double l0 = -Math.Log(0.75), l1 = -Math.Log(0.5);
        AssertValues(F.cross_entropy(logits, labels), [(l0 + l1) / 2]);
        AssertValues(F.cross_entropy(logits, labels, reduction: Reduction.None), [l0, l1]);
        // Class weights: a weighted mean, weights 2 (class 1) and 1 (class 0).
        AssertValues(F.cross_entropy(logits, labels, T([1, 2], 2)), [(2 * l0 + l1) / 3]);
        // ignore_index drops the second row from the mean.
        AssertValues(F.cross_entropy(logits, torch.tensor(new long[] { 1, -100 })), [l0]);
        AssertValues(F.nll_loss(F.log_softmax(logits, 1), labels), [(l0 + l1) / 2]);
        // Soft targets: −Σ t log p, averaged over rows.
        Tensor soft = T([0.5, 0.5, 1, 0], 2, 2);
        AssertValues(F.cross_entropy(logits, soft), [(0.5 * -Math.Log(0.25) + 0.5 * l0 + l1) / 2]);
        // Soft targets with class weights: Σ_c w_c t_c (−log p_c), mean over rows (no weight normalisation).
        AssertValues(F.cross_entropy(logits, soft, T([1, 2], 2)), [(0.5 * -Math.Log(0.25) + 2 * 0.5 * l0 + l1) / 2]);
        // Label smoothing 0.2 over 2 classes = soft targets 0.9 / 0.1.
        AssertValues(F.cross_entropy(logits, labels, label_smoothing: 0.2), [F.cross_entropy(logits, T([0.1, 0.9, 0.9, 0.1], 2, 2)).ToDouble()], 1e-12);

        Tensor z = T([0, 2], 2);
        Tensor y = T([1, 0], 2);
        AssertValues(F.binary_cross_entropy_with_logits(z, y), [(Math.Log(2) + Math.Log(1 + Math.Exp(2))) / 2]);
        AssertValues(F.binary_cross_entropy(T([0.5, 0.25], 2), y), [(Math.Log(2) - Math.Log(0.75)) / 2]);
        AssertValues(F.mse_loss(z, y), [(1 + 4) / 2.0]);
        AssertValues(F.l1_loss(z, y), [(1 + 2) / 2.0]);
        AssertValues(F.smooth_l1_loss(z, y), [(0.5 + 1.5) / 2]);
        AssertValues(F.kl_div(T([Math.Log(0.5), Math.Log(0.5)], 1, 2), T([0.25, 0.75], 1, 2), Reduction.Sum),
            [0.25 * Math.Log(0.5) + 0.75 * Math.Log(1.5)], 1e-12);
    }

    [Test]
    public void VectorOpsByHand()
    {
        using var scope = torch.NewDisposeScope();
        Tensor a = T([3, 4], 1, 2);
        AssertValues(F.normalize(a), [0.6, 0.8]);
        AssertValues(F.cosine_similarity(a, T([4, 3], 1, 2)), [24 / 25.0]);
        AssertValues(a.dist(T([0, 0], 1, 2)), [5]);
        AssertValues(torch.cdist(T([0, 0, 1, 1], 2, 2), T([3, 4], 1, 2)), [5, Math.Sqrt(13)]);
        Tensor m = T([1, 2, 3, 4], 1, 2, 2);
        AssertValues(m.bmm(m), [7, 10, 15, 22]);
        AssertValues(torch.einsum("bij,bjk->bik", m, m), [7, 10, 15, 22]);
        AssertValues(torch.einsum("ii", m[0]), [5]);
        AssertValues(m[0].t(), [1, 3, 2, 4]);
        AssertValues(T([0, 10], 2).lerp(T([10, 20], 2), 0.25), [2.5, 12.5]);
        AssertValues(torch.lerp(T([0], 1), T([10], 1), 0.5), [5]);
        AssertValues(T([0, 10], 2).lerp(T([10, 20], 2), T([0, 1], 2)), [0, 20]);
    }

    [Test]
    public void ClampWhereAndMasksByHand()
    {
        using var scope = torch.NewDisposeScope();
        Tensor x = T([-2, -0.5, 0.5, 2], 4);
        AssertValues(x.clamp(-1, 1), [-1, -0.5, 0.5, 1]);
        AssertValues(x.clamp(min: 0), [0, 0, 0.5, 2]);
        AssertValues(x.clamp_min(0), [0, 0, 0.5, 2]);
        AssertValues(x.clamp_max(0), [-2, -0.5, 0, 0]);
        AssertValues(x.clamp(T([0, 0, 0, 0], 4), T([1, 1, 1, 1], 4)), [0, 0, 0.5, 1]);
        AssertValues(x.clamp_min(T([-1, 0, 1, 2], 4)), [-1, 0, 1, 2]);
        Tensor positive = x.gt(0);
        AssertValues(torch.where(positive, x, 0.0), [0, 0, 0.5, 2]);
        AssertValues(torch.where(positive, 1.0, x), [-2, -0.5, 1, 1]);
        AssertValues(torch.where(positive, 1.0, -1.0), [-1, -1, 1, 1]);
        AssertValues(x.where(positive, -9), [-9, -9, 0.5, 2]);
        AssertValues(x.masked_fill(positive, 7), [-2, -0.5, 7, 7]);
        // Masked mean: per row, only masked elements count; an empty mask gives 0.
        Tensor values = T([1, 2, 3, 4, 5, 6], 2, 3);
        Tensor mask = Bools(true, false, true, false, false, false).reshape(2, 3);
        AssertValues(torch.masked_mean(values, mask, [1]), [2, 0]);
        AssertValues(torch.masked_mean(values, T([0, 1, 1], 1, 3), [0, 1]), [(2 + 3 + 5 + 6) / 4.0]);
    }

    [Test]
    public void ScatterGatherAndIndexPutByHand()
    {
        using var scope = torch.NewDisposeScope();
        Tensor z = torch.zeros([2, 3], ScalarType.Float64);
        Tensor index = torch.tensor(new long[] { 2, 0 }, 2, 1);
        AssertValues(z.scatter(1, index, 5.0), [0, 0, 5, 5, 0, 0]);
        AssertValues(z.scatter(1, index, T([1, 2], 2, 1)), [0, 0, 1, 2, 0, 0]);
        Tensor w = z.clone();
        w.scatter_(1, index, 3.0);
        AssertValues(w, [0, 0, 3, 3, 0, 0]);
        w.scatter_(1, index, T([1, 2], 2, 1));
        AssertValues(w, [0, 0, 1, 2, 0, 0]);
        Tensor repeated = torch.tensor(new long[] { 1, 1, 1, 1 }, 2, 2);
        AssertValues(z.scatter_add(1, repeated, torch.ones([2, 2], ScalarType.Float64)), [0, 2, 0, 0, 2, 0]);
        z.scatter_add_(1, repeated, torch.ones([2, 2], ScalarType.Float64));
        AssertValues(z, [0, 2, 0, 0, 2, 0]);
        // One-hot targets from labels via scatter, as a soft-target cross-entropy needs.
        Tensor labels = torch.tensor(new long[] { 2, 0, 1 });
        Tensor onehot = torch.zeros([3, 3], ScalarType.Float64).scatter_(1, labels.unsqueeze(1), 1.0);
        AssertValues(onehot, [0, 0, 1, 1, 0, 0, 0, 1, 0]);
        Assert.That(F.one_hot(labels, 3).data<long>(), Is.EqualTo(new long[] { 0, 0, 1, 1, 0, 0, 0, 1, 0 }));
        AssertValues(T([10, 20, 30, 40], 2, 2).gather(1, torch.tensor(new long[] { 1, 1, 0, 1 }, 2, 2)), [20, 20, 30, 40]);

        Tensor t = torch.zeros([3, 2], ScalarType.Float64);
        t.index_put_([torch.tensor(new long[] { 0, 2 })], T([1, 2], 2));
        AssertValues(t, [1, 2, 0, 0, 1, 2]);
        t.index_put_([torch.tensor(new long[] { 0, 0 }), torch.tensor(new long[] { 1, 1 })], T([5, 5], 2), accumulate: true);
        AssertValues(t, [1, 12, 0, 0, 1, 2]);
        AssertValues(t.index_put([null, torch.tensor(new long[] { 0 })], T([9], 1)), [9, 12, 9, 0, 9, 2]);
        AssertValues(torch.zeros([3], ScalarType.Float64).index_add(0, torch.tensor(new long[] { 2, 2 }), T([1, 2], 2)), [0, 0, 3]);
        AssertValues(torch.zeros([3], ScalarType.Float64).index_fill_(0, torch.tensor(new long[] { 1 }), 4), [0, 4, 0]);
        AssertValues(torch.zeros([3], ScalarType.Float64).masked_scatter(Bools(true, false, true), T([7, 8, 9], 3)), [7, 0, 8]);
    }

    [Test]
    public void IndexAssignmentWritesThroughMasksAndIndices()
    {
        using var scope = torch.NewDisposeScope();
        Tensor x = torch.arange(0, 6, 1, ScalarType.Float64).reshape(2, 3);
        x[x.gt(3)] = torch.tensor(-1.0, ScalarType.Float64);
        AssertValues(x, [0, 1, 2, 3, -1, -1]);
        x[torch.tensor(new long[] { 0 })] = T([7, 8, 9], 3);
        AssertValues(x, [7, 8, 9, 3, -1, -1]);
        x[.., torch.tensor(new long[] { 2 })] = torch.tensor(0.0, ScalarType.Float64);
        AssertValues(x, [7, 8, 0, 3, -1, 0]);
        x[1, 1..] = T([5, 6], 2);
        AssertValues(x, [7, 8, 0, 3, 5, 6]);
        // A two-dimensional mask after an ellipsis covers the last two dimensions.
        Tensor y = torch.zeros([2, 2, 2], ScalarType.Float64);
        y[TensorIndex.Ellipsis, Bools(true, false, false, true).reshape(2, 2)] = torch.tensor(1.0, ScalarType.Float64);
        AssertValues(y, [1, 0, 0, 1, 1, 0, 0, 1]);
        Assert.That(y[TensorIndex.Ellipsis, Bools(true, false, false, true).reshape(2, 2)].shape, Is.EqualTo(new long[] { 2, 2 }));
        Assert.That(y[0, ^0..].numel(), Is.Zero);
    }

    [Test]
    public void ShapesAndReductionsByHand()
    {
        using var scope = torch.NewDisposeScope();
        Tensor x = T([1, 5, 2, 8, 3, 4], 2, 3);
        AssertValues(x.amax(1), [5, 8]);
        AssertValues(x.amin([0]), [1, 3, 2]);
        AssertValues(x.sum(1), [8, 15]);
        AssertValues(x.mean([0, 1]), [23 / 6.0]);
        (Tensor values, Tensor indices) = x.topk(2);
        AssertValues(values, [5, 2, 8, 4]);
        Assert.That(indices.data<long>(), Is.EqualTo(new long[] { 1, 2, 0, 2 }));
        Assert.That(x.argsort(1).data<long>(), Is.EqualTo(new long[] { 0, 2, 1, 1, 2, 0 }));
        Assert.That(x.gt(2).count_nonzero().ToInt64(), Is.EqualTo(4));
        Assert.That(x.gt(2).count_nonzero(1).data<long>(), Is.EqualTo(new long[] { 1, 3 }));
        Assert.That(x.gt(2).sum([1], false, ScalarType.Float64).data<double>(), Is.EqualTo(new double[] { 1, 3 }));
        Assert.That(x.unbind(0).Select(t => t.shape[0]), Is.EqualTo(new long[] { 3, 3 }));
        Assert.That(x.unsqueeze(0).expand_as(torch.zeros(4, 2, 3)).shape, Is.EqualTo(new long[] { 4, 2, 3 }));
        Assert.That(x.view_as(torch.zeros(3, 2)).shape, Is.EqualTo(new long[] { 3, 2 }));
        Assert.That(torch.zeros(2, 3, 4).movedim(1, 3 - 1).shape, Is.EqualTo(new long[] { 2, 4, 3 }));
        Assert.That(torch.zeros(2, 12).unflatten(1, [3, -1]).shape, Is.EqualTo(new long[] { 2, 3, 4 }));
        AssertValues(T([-1.5, 2.5], 2).remainder(2), [0.5, 0.5]);
        AssertValues(T([-1.5, 2.5], 2).ceil(), [-1, 3]);
        AssertValues(T([-1.5, 2.5], 2).trunc(), [-1, 2]);
        AssertValues(T([1e-10], 1).log1p(), [1e-10], 1e-20);
        AssertValues(T([1e-10], 1).expm1(), [1e-10], 1e-20);
    }

    [Test]
    public void InPlaceArithmetic()
    {
        using var scope = torch.NewDisposeScope();
        Tensor x = T([1, 4, 9], 3);
        x.add_(1).sub_(T([1, 1, 1], 3), alpha: 2).div_(2);
        AssertValues(x, [0, 1.5, 4]);
        x.add_(T([0, 0.5, 0], 3)).sqrt_();
        AssertValues(x, [0, Math.Sqrt(2), 2]);
        x.neg_();
        AssertValues(x, [0, -Math.Sqrt(2), -2]);
        x.exp_();
        AssertValues(x, [1, Math.Exp(-Math.Sqrt(2)), Math.Exp(-2)]);
        Tensor y = T([0, 0], 2);
        y.lerp_(T([4, 4], 2), T([0.25, 1], 2));
        AssertValues(y, [1, 4]);
    }

    [Test]
    public void GridSampleAndAffineGridIdentity()
    {
        using var scope = torch.NewDisposeScope();
        Tensor x = torch.arange(0, 12, 1, ScalarType.Float64).reshape(1, 1, 3, 4);
        Tensor identity = T([1, 0, 0, 0, 1, 0], 1, 2, 3);
        Tensor grid = F.affine_grid(identity, [1, 1, 3, 4]);
        Assert.That(F.grid_sample(x, grid).allclose(x, atol: 1e-12), Is.True);
        Assert.That(F.grid_sample(x, grid, GridSampleMode.Nearest).equal(x), Is.True);
        // A horizontal flip (x ↦ −x) with align_corners reverses the columns.
        Tensor flip = T([-1, 0, 0, 0, 1, 0], 1, 2, 3);
        Tensor flipped = F.grid_sample(x, F.affine_grid(flip, [1, 1, 3, 4], align_corners: true), align_corners: true);
        Assert.That(flipped.allclose(x.flip(3), atol: 1e-12), Is.True);
        // 3D: the identity on a volume.
        Tensor v = torch.arange(0, 8, 1, ScalarType.Float64).reshape(1, 1, 2, 2, 2);
        Tensor identity3 = T([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0], 1, 3, 4);
        Assert.That(F.grid_sample(v, F.affine_grid(identity3, [1, 1, 2, 2, 2])).allclose(v, atol: 1e-12), Is.True);
    }

    [Test]
    public void DtypeAndDeviceConversions()
    {
        using var scope = torch.NewDisposeScope();
        Tensor x = T([1.7, -2.2], 2);
        Assert.That(x.@float().dtype, Is.EqualTo(ScalarType.Float32));
        Assert.That(x.half().dtype, Is.EqualTo(ScalarType.Float16));
        Assert.That(x.bfloat16().dtype, Is.EqualTo(ScalarType.BFloat16));
        Assert.That(x.@long().data<long>(), Is.EqualTo(new long[] { 1, -2 }));
        Assert.That(x.@int().data<int>(), Is.EqualTo(new[] { 1, -2 }));
        Assert.That(x.@bool().data<bool>(), Has.Length.EqualTo(2).And.All.True);
        Assert.That(x.@float().@double().dtype, Is.EqualTo(ScalarType.Float64));
        Assert.That(x.to_type(ScalarType.Int16).dtype, Is.EqualTo(ScalarType.Int16));
        Assert.That(x.type_as(torch.zeros(1)).dtype, Is.EqualTo(ScalarType.Float32));
        Assert.That(x.to(torch.zeros([1], ScalarType.Int64)).dtype, Is.EqualTo(ScalarType.Int64));
        Tensor onCpu = x.to(Device.Cpu, ScalarType.Float32);
        Assert.That(onCpu.dtype, Is.EqualTo(ScalarType.Float32));
        Assert.That(onCpu.device.Type, Is.EqualTo(DeviceType.CPU));
        Assert.That(x.cpu().is_cuda, Is.False);
        Assert.That(x.is_floating_point(), Is.True);
        Assert.That(x.@long().is_floating_point(), Is.False);
        Assert.That(x.element_size(), Is.EqualTo(8));
        Assert.That(x.half().element_size(), Is.EqualTo(2));
        // bf16 keeps 8 bits of mantissa: 1.7 → 1.703125.
        Assert.That(x.bfloat16().@double().data<double>()[0], Is.EqualTo(1.703125));
        Assert.That(torch.zeros(2).full_like(3).data<float>(), Is.EqualTo(new float[] { 3, 3 }));
        // Factories honour a device argument (the index travels through the binding).
        Assert.That(torch.zeros([2], ScalarType.Float32, Device.Cpu).device.Type, Is.EqualTo(DeviceType.CPU));
    }
}
