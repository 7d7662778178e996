using F = MLSegmentation.Torch.torch.nn.functional;
using static MLSegmentation.Torch.Tests.GradCheck;

namespace MLSegmentation.Torch.Tests;

/// <summary>Autograd gradients of every differentiable operator the project uses, against central finite differences in float64.</summary>
public class GradientTests
{
    private const ScalarType F64 = ScalarType.Float64;
    private static readonly double[] s_weights4 = [0.5, 1.0, 2.0, 1.5];
    private static readonly double[] s_weights3a = [1.0, 2.0, 0.5];
    private static readonly double[] s_weights3b = [1.0, 0.5, 2.0];
    private static readonly long[] s_rows = [4, 0, 4];
    private static readonly long[] s_scatterIndex = [0, 2, 1, 3, 3, 0];
    private static readonly long[] s_putRows = [1, 1, 3];

    /// <summary>One case: a name, the inputs (float64, differentiated), and the function.</summary>
    public sealed record GradCase(string Name, Func<Tensor[]> Inputs, Func<Tensor[], Tensor> Function)
    {
        public override string ToString() => Name;
    }

    private static Tensor Labels(int seed, long classes, params long[] shape)
    {
        var random = new Random(seed);
        long n = shape.Aggregate(1L, (a, b) => a * b);
        return torch.tensor(Enumerable.Range(0, (int)n).Select(_ => (long)random.Next((int)classes)).ToArray(), shape);
    }

    private static Tensor Mask(int seed, params long[] shape)
    {
        var random = new Random(seed);
        long n = shape.Aggregate(1L, (a, b) => a * b);
        return torch.tensor(Enumerable.Range(0, (int)n).Select(_ => random.NextDouble() < 0.5).ToArray(), shape);
    }

    private static IEnumerable<GradCase> Cases()
    {
        // Convolutions, 2D and 3D, with bias, stride and padding.
        yield return new("conv2d", () => [Randn(1, 2, 2, 5, 5), Randn(2, 3, 2, 3, 3), Randn(3, 3)],
            x => F.conv2d(x[0], x[1], x[2], stride: 2, padding: 1));
        yield return new("conv2d per-dimension stride", () => [Randn(1, 1, 2, 5, 6), Randn(2, 2, 2, 3, 1)],
            x => F.conv2d(x[0], x[1], null, [2, 1], [1, 0]));
        yield return new("conv3d", () => [Randn(4, 1, 2, 4, 4, 4), Randn(5, 2, 2, 3, 3, 3), Randn(6, 2)],
            x => F.conv3d(x[0], x[1], x[2], padding: 1));
        yield return new("conv_transpose2d", () => [Randn(7, 1, 3, 3, 3), Randn(8, 3, 2, 2, 2), Randn(9, 2)],
            x => F.conv_transpose2d(x[0], x[1], x[2], stride: 2));
        yield return new("conv_transpose3d", () => [Randn(10, 1, 2, 2, 3, 3), Randn(11, 2, 2, 2, 2, 2), Randn(12, 2)],
            x => F.conv_transpose3d(x[0], x[1], x[2], stride: 2));
        yield return new("linear", () => [Randn(13, 4, 5), Randn(14, 3, 5), Randn(15, 3)],
            x => F.linear(x[0], x[1], x[2]));

        // Normalisation.
        yield return new("batch_norm (training)", () => [Randn(16, 3, 2, 3, 3), Randn(17, 2), Randn(18, 2)],
            x => F.batch_norm(x[0], null, null, x[1], x[2], training: true));
        yield return new("batch_norm 3D (training, running stats)", () => [Randn(19, 2, 2, 2, 3, 2)],
            x => F.batch_norm(x[0], torch.zeros([2], F64), torch.ones([2], F64), training: true));
        yield return new("instance_norm", () => [Randn(20, 2, 2, 3, 4), Randn(21, 2), Randn(22, 2)],
            x => F.instance_norm(x[0], x[1], x[2]));
        yield return new("instance_norm 3D", () => [Randn(23, 1, 2, 2, 3, 3)],
            x => F.instance_norm(x[0]));
        yield return new("group_norm", () => [Randn(24, 2, 4, 3, 3), Randn(25, 4), Randn(26, 4)],
            x => F.group_norm(x[0], 2, x[1], x[2]));
        yield return new("layer_norm", () => [Randn(27, 3, 4), Randn(28, 4), Randn(29, 4)],
            x => F.layer_norm(x[0], [4], x[1], x[2]));

        // Activations.
        yield return new("relu", () => [Randn(30, 4, 5)], x => F.relu(x[0]));
        yield return new("leaky_relu", () => [Randn(31, 4, 5)], x => F.leaky_relu(x[0], 0.2));
        yield return new("sigmoid", () => [Randn(32, 4, 5)], x => F.sigmoid(x[0]));
        yield return new("tanh", () => [Randn(33, 4, 5)], x => F.tanh(x[0]));
        yield return new("softmax", () => [Randn(34, 2, 4, 3)], x => F.softmax(x[0], 1));
        yield return new("log_softmax", () => [Randn(35, 2, 4, 3)], x => F.log_softmax(x[0], 1));
        yield return new("logsigmoid", () => [Randn(36, 4, 5)], x => F.logsigmoid(x[0]));
        yield return new("softplus", () => [Randn(37, 4, 5)], x => F.softplus(x[0], beta: 2));
        yield return new("silu", () => [Randn(38, 4, 5)], x => F.silu(x[0]));
        yield return new("gelu", () => [Randn(39, 4, 5)], x => F.gelu(x[0]));

        // Pooling and resizing.
        yield return new("max_pool 2D", () => [Randn(40, 1, 2, 6, 6)], x => F.max_pool(x[0], 2));
        yield return new("max_pool 2D overlapping, padded", () => [Randn(41, 1, 1, 5, 5)], x => F.max_pool(x[0], 3, 2, 1));
        yield return new("max_pool 3D", () => [Randn(42, 1, 2, 4, 4, 4)], x => F.max_pool(x[0], 2));
        yield return new("max_pool 3D anisotropic", () => [Randn(43, 1, 1, 2, 4, 4)], x => F.max_pool(x[0], [1, 2, 2]));
        yield return new("min_pool", () => [Randn(44, 1, 2, 4, 4)], x => F.min_pool(x[0], 2));
        yield return new("avg_pool 2D", () => [Randn(45, 1, 2, 4, 6)], x => F.avg_pool(x[0], 2));
        yield return new("avg_pool 3D", () => [Randn(46, 1, 1, 4, 4, 4)], x => F.avg_pool(x[0], 2));
        yield return new("adaptive_avg_pool 2D", () => [Randn(47, 1, 2, 5, 7)], x => F.adaptive_avg_pool(x[0], 3));
        yield return new("adaptive_avg_pool 3D", () => [Randn(48, 1, 1, 4, 5, 3)], x => F.adaptive_avg_pool(x[0], 2));
        yield return new("interpolate nearest 2D", () => [Randn(49, 1, 2, 3, 3)],
            x => F.interpolate(x[0], scale_factor: 2));
        yield return new("interpolate nearest 3D (down)", () => [Randn(50, 1, 1, 4, 4, 4)],
            x => F.interpolate(x[0], size: [2, 3, 2]));
        yield return new("interpolate bilinear", () => [Randn(51, 1, 2, 3, 4)],
            x => F.interpolate(x[0], size: [5, 7], mode: InterpolationMode.Linear));
        yield return new("interpolate bilinear align_corners", () => [Randn(52, 1, 1, 3, 3)],
            x => F.interpolate(x[0], scale_factor: 2, mode: InterpolationMode.Linear, align_corners: true));
        yield return new("interpolate trilinear", () => [Randn(53, 1, 1, 2, 3, 3)],
            x => F.interpolate(x[0], size: [4, 5, 4], mode: InterpolationMode.Linear));
        yield return new("interpolate area", () => [Randn(54, 1, 1, 6, 6)],
            x => F.interpolate(x[0], size: [3, 2], mode: InterpolationMode.Area));
        yield return new("pad reflect", () => [Randn(55, 1, 1, 3, 4)], x => F.pad(x[0], [1, 2, 2, 1], PaddingMode.Reflect));
        yield return new("pad replicate 3D", () => [Randn(56, 1, 1, 2, 3, 3)], x => F.pad(x[0], [1, 1, 0, 1, 1, 0], PaddingMode.Replicate));
        yield return new("pad constant", () => [Randn(57, 2, 3)], x => F.pad(x[0], [1, 1], PaddingMode.Constant, 5));
        yield return new("grid_sample", () => [Randn(58, 1, 1, 4, 4), Uniform(59, -0.9, 0.9, 1, 3, 3, 2)],
            x => F.grid_sample(x[0], x[1]));
        yield return new("affine_grid", () => [Randn(60, 1, 2, 3)], x => F.affine_grid(x[0], [1, 1, 3, 4]));

        // Joins and reductions.
        yield return new("cat", () => [Randn(61, 2, 3), Randn(62, 2, 2)], x => torch.cat(new[] { x[0], x[1] }, 1));
        yield return new("stack", () => [Randn(63, 2, 3), Randn(64, 2, 3)], x => torch.stack(new[] { x[0], x[1] }, 1));
        yield return new("sum", () => [Randn(65, 2, 3, 4)], x => x[0].sum([1, 2]));
        yield return new("mean", () => [Randn(66, 2, 3, 4)], x => x[0].mean(1, keepdim: true));
        yield return new("amax", () => [Randn(67, 2, 3, 4)], x => x[0].amax([2]));
        yield return new("logsumexp", () => [Randn(68, 2, 3)], x => x[0].logsumexp([1]));
        yield return new("norm", () => [Randn(69, 2, 3)], x => x[0].norm(2, [1]));
        yield return new("masked_mean", () => [Randn(70, 2, 3, 4)],
            x => torch.masked_mean(x[0], Mask(71, 2, 1, 4), [1, 2]));

        // Products.
        yield return new("matmul", () => [Randn(72, 2, 3, 4), Randn(73, 4, 2)], x => x[0].matmul(x[1]));
        yield return new("bmm", () => [Randn(74, 2, 3, 4), Randn(75, 2, 4, 2)], x => x[0].bmm(x[1]));
        yield return new("einsum", () => [Randn(76, 2, 3), Randn(77, 3, 4)], x => torch.einsum("ij,jk->ik", x[0], x[1]));
        yield return new("cdist", () => [Randn(78, 3, 2), Randn(79, 4, 2)], x => torch.cdist(x[0], x[1]));

        // Losses.
        yield return new("cross_entropy (weights, ignore_index)", () => [Randn(80, 3, 4, 2, 2)],
            x =>
            {
                Tensor target = Labels(81, 4, 3, 2, 2);
                target[0, 0, 1] = torch.tensor(-1L);
                return F.cross_entropy(x[0], target, torch.tensor(s_weights4), ignore_index: -1);
            });
        yield return new("cross_entropy (sum, label smoothing)", () => [Randn(82, 4, 3)],
            x => F.cross_entropy(x[0], Labels(83, 3, 4), reduction: Reduction.Sum, label_smoothing: 0.1));
        yield return new("cross_entropy soft targets (logits and targets)", () => [Randn(84, 2, 3, 2, 2), Uniform(85, 0.1, 1, 2, 3, 2, 2)],
            x => F.cross_entropy(x[0], x[1] / x[1].sum(1, keepdim: true)));
        yield return new("cross_entropy soft targets with weights", () => [Randn(86, 2, 3, 2)],
            x => F.cross_entropy(x[0], F.softmax(Randn(87, 2, 3, 2), 1), torch.tensor(s_weights3a)));
        yield return new("nll_loss (weights, ignore_index)", () => [Randn(88, 4, 3, 2)],
            x =>
            {
                Tensor target = Labels(89, 3, 4, 2);
                target[1, 1] = torch.tensor(-100L);
                return F.nll_loss(F.log_softmax(x[0], 1), target, torch.tensor(s_weights3b));
            });
        yield return new("binary_cross_entropy_with_logits (pos_weight)", () => [Randn(90, 3, 4)],
            x => F.binary_cross_entropy_with_logits(x[0], Uniform(91, 0, 1, 3, 4), pos_weight: torch.full([4], 2.0, F64)));
        yield return new("binary_cross_entropy (probabilities, targets)", () => [Uniform(92, 0.1, 0.9, 3, 4), Uniform(93, 0, 1, 3, 4)],
            x => F.binary_cross_entropy(x[0], x[1]));
        yield return new("mse_loss", () => [Randn(94, 3, 4), Randn(95, 3, 4)], x => F.mse_loss(x[0], x[1]));
        yield return new("l1_loss", () => [Randn(96, 3, 4), Randn(97, 3, 4)], x => F.l1_loss(x[0], x[1]));
        yield return new("smooth_l1_loss", () => [Randn(98, 3, 4)], x => F.smooth_l1_loss(x[0], Randn(99, 3, 4), beta: 0.5));
        yield return new("kl_div", () => [Randn(100, 2, 3)], x => F.kl_div(F.log_softmax(x[0], 1), F.softmax(Randn(101, 2, 3), 1)));
        yield return new("normalize", () => [Randn(102, 3, 4)], x => F.normalize(x[0], dim: 1));
        yield return new("cosine_similarity", () => [Randn(103, 3, 4), Randn(104, 3, 4)], x => F.cosine_similarity(x[0], x[1]));

        // Selection and masking.
        yield return new("where", () => [Randn(105, 3, 4), Randn(106, 3, 4)], x => torch.where(Mask(107, 3, 4), x[0], x[1]));
        yield return new("where scalar", () => [Randn(108, 3, 4)], x => torch.where(Mask(109, 3, 4), x[0], 0.5));
        yield return new("masked_fill", () => [Randn(110, 3, 4)], x => x[0].masked_fill(Mask(111, 3, 4), -2));
        yield return new("index (tensor)", () => [Randn(112, 5, 3)], x => x[0][torch.tensor(s_rows)]);
        yield return new("index (mask)", () => [Randn(113, 3, 4)], x => x[0][Mask(114, 3, 4)]);
        yield return new("gather", () => [Randn(115, 3, 4)], x => x[0].gather(1, Labels(116, 4, 3, 2)));
        yield return new("scatter (src)", () => [Randn(117, 3, 4), Randn(118, 3, 2)],
            x => x[0].scatter(1, torch.tensor(s_scatterIndex, 3, 2), x[1]));
        yield return new("index_put (accumulate)", () => [Randn(119, 4, 3), Randn(120, 3, 3)],
            x => x[0].index_put([torch.tensor(s_putRows)], x[1], accumulate: true));
        yield return new("slice and select", () => [Randn(121, 4, 5)], x => x[0][1..3, 2] * x[0][0, 1..3]);
        yield return new("clamp", () => [Randn(122, 3, 4)], x => x[0].clamp(-0.5, 0.7));
        yield return new("lerp", () => [Randn(123, 3), Randn(124, 3), Uniform(125, 0, 1, 3)], x => x[0].lerp(x[1], x[2]));

        // Elementwise arithmetic.
        yield return new("pow scalar", () => [Uniform(126, 0.5, 2, 3, 4)], x => x[0].pow(2.5));
        yield return new("pow tensor", () => [Uniform(127, 0.5, 2, 3, 4), Randn(128, 3, 4)], x => x[0].pow(x[1]));
        yield return new("exp", () => [Randn(129, 3, 4)], x => x[0].exp());
        yield return new("log", () => [Uniform(130, 0.5, 2, 3, 4)], x => x[0].log());
        yield return new("sqrt", () => [Uniform(131, 0.5, 2, 3, 4)], x => x[0].sqrt());
        yield return new("div", () => [Randn(132, 3, 4), Uniform(133, 0.5, 2, 3, 4)], x => x[0] / x[1]);
        yield return new("mul, add, sub broadcast", () => [Randn(134, 3, 4), Randn(135, 4)], x => x[0] * x[1] + x[1] - 2 * x[0]);
    }

    [TestCaseSource(nameof(Cases))]
    public void GradientMatchesFiniteDifferences(GradCase c)
    {
        using var scope = torch.NewDisposeScope();
        Tensor[] inputs = c.Inputs();
        Check(c.Name, c.Function, inputs);
    }

    [Test]
    public void EveryCaseHasFloat64Inputs()
    {
        using var scope = torch.NewDisposeScope();
        foreach (GradCase c in Cases())
        {
            Assert.That(c.Inputs().All(t => t.dtype == F64), Is.True, c.Name);
        }
    }

    [Test]
    public void CheckerRejectsAWrongGradient()
    {
        // A function whose recorded gradient is wrong on purpose: x.detach()·x has gradient x, not 2x.
        using var scope = torch.NewDisposeScope();
        (int failed, string report) = Measure("wrong", x => x[0].detach() * x[0], [Randn(136, 3)]);
        Assert.That(failed, Is.EqualTo(3), report);
    }
}
