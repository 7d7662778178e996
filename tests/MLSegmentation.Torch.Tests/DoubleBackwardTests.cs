using F = MLSegmentation.Torch.torch.nn.functional;
using static MLSegmentation.Torch.Tests.GradCheck;

namespace MLSegmentation.Torch.Tests;

/// <summary>
/// Gradients of gradients (torch.autograd.grad with create_graph) against finite differences of the
/// first gradient: what CoLab's exact meta-gradient differentiates through.
/// </summary>
public class DoubleBackwardTests
{
    private static readonly double[] s_classWeights = [1.0, 2.0, 0.5];

    [Test]
    public void Conv2dThenQuadraticLoss()
    {
        using var scope = torch.NewDisposeScope();
        CheckSecondOrder("conv2d", x => F.conv2d(x[0], x[1], x[2], padding: 1).square(),
            [Randn(1, 1, 2, 4, 4), Randn(2, 2, 2, 3, 3), Randn(3, 2)]);
    }

    [Test]
    public void Conv3dAndTransposedConvolution()
    {
        using var scope = torch.NewDisposeScope();
        CheckSecondOrder("conv3d", x => F.conv3d(x[0], x[1], padding: 1).pow(3),
            [Randn(4, 1, 1, 3, 3, 3), Randn(5, 2, 1, 3, 3, 3)]);
        CheckSecondOrder("conv_transpose2d", x => F.conv_transpose2d(x[0], x[1], x[2], stride: 2).square(),
            [Randn(6, 1, 2, 2, 2), Randn(7, 2, 2, 2, 2), Randn(8, 2)]);
    }

    [Test]
    public void BatchNormTraining()
    {
        using var scope = torch.NewDisposeScope();
        CheckSecondOrder("batch_norm", x => F.batch_norm(x[0], null, null, x[1], x[2], training: true).pow(3),
            [Randn(9, 3, 2, 2, 2), Randn(10, 2), Randn(11, 2)]);
    }

    [Test]
    public void InstanceAndGroupNorm()
    {
        using var scope = torch.NewDisposeScope();
        CheckSecondOrder("instance_norm", x => F.instance_norm(x[0], x[1], x[2]).pow(3),
            [Randn(12, 2, 2, 2, 3), Randn(13, 2), Randn(14, 2)]);
        CheckSecondOrder("group_norm", x => F.group_norm(x[0], 2, x[1], x[2]).pow(3),
            [Randn(15, 2, 4, 2, 2), Randn(16, 4), Randn(17, 4)]);
    }

    [Test]
    public void Activations()
    {
        using var scope = torch.NewDisposeScope();
        // relu and leaky_relu are piecewise linear: their second derivative shows through the weights around them.
        CheckSecondOrder("relu between linear maps", x => F.linear(F.relu(F.linear(x[0], x[1])), x[2]).square(),
            [Randn(18, 3, 4), Randn(19, 5, 4), Randn(20, 2, 5)]);
        CheckSecondOrder("leaky_relu between linear maps", x => F.linear(F.leaky_relu(F.linear(x[0], x[1]), 0.1), x[2]).square(),
            [Randn(21, 3, 4), Randn(22, 5, 4), Randn(23, 2, 5)]);
        CheckSecondOrder("sigmoid", x => F.sigmoid(x[0]), [Randn(24, 3, 4)]);
        CheckSecondOrder("tanh", x => F.tanh(x[0]), [Randn(25, 3, 4)]);
        CheckSecondOrder("softmax", x => F.softmax(x[0], 1), [Randn(26, 2, 4, 3)]);
        CheckSecondOrder("log_softmax", x => F.log_softmax(x[0], 1), [Randn(27, 2, 4, 3)]);
    }

    [Test]
    public void PoolingResizingAndLosses()
    {
        using var scope = torch.NewDisposeScope();
        CheckSecondOrder("max_pool", x => F.max_pool(x[0], 2).pow(3), [Randn(28, 1, 1, 4, 4)]);
        CheckSecondOrder("avg_pool", x => F.avg_pool(x[0], 2).pow(3), [Randn(29, 1, 1, 4, 4)]);
        CheckSecondOrder("bilinear", x => F.interpolate(x[0], scale_factor: 2, mode: InterpolationMode.Linear).pow(3), [Randn(30, 1, 1, 3, 3)]);
        CheckSecondOrder("cross_entropy, soft targets depending on the input",
            x => F.cross_entropy(x[0], F.softmax(x[1], 1), torch.tensor(s_classWeights)),
            [Randn(31, 2, 3, 2), Randn(32, 2, 3, 2)]);
        CheckSecondOrder("binary_cross_entropy_with_logits", x => F.binary_cross_entropy_with_logits(x[0], F.sigmoid(x[1])),
            [Randn(33, 3, 2), Randn(34, 3, 2)]);
    }

    [Test]
    public void SmallUNetBlockEndToEnd()
    {
        // conv → instance norm → leaky relu → conv → softmax → soft Dice-like + CE, second order in all weights.
        using var scope = torch.NewDisposeScope();
        Tensor target = F.softmax(Randn(35, 1, 3, 4, 4), 1);
        CheckSecondOrder("U-Net block", x =>
        {
            Tensor h = F.leaky_relu(F.instance_norm(F.conv2d(x[0], x[1], x[2], padding: 1)), 0.01);
            Tensor logits = F.conv2d(h, x[3], padding: 1);
            Tensor p = F.softmax(logits, 1);
            Tensor tp = (p * target).sum([2, 3]);
            Tensor dice = (2 * tp + 1e-5) / (p.sum([2, 3]) + target.sum([2, 3]) + 1e-5);
            return F.cross_entropy(logits, target) + (1 - dice).mean();
        }, [Randn(36, 1, 1, 4, 4), Randn(37, 2, 1, 3, 3), Randn(38, 2), Randn(39, 3, 2, 3, 3)], atol: 1e-5, rtol: 1e-3);
    }

    [Test]
    public void HessianVectorProductMatchesFiniteDifferenceOfGradients()
    {
        // CoLab's generator gradient: ∇φ ⟨∇θ L(θ, t(φ)), v⟩ exactly (double backward) versus
        // (∇φ L(θ + R v) − ∇φ L(θ − R v)) / 2R, the official finite-difference form.
        using var scope = torch.NewDisposeScope();
        Tensor x = Randn(40, 1, 1, 4, 4);
        Tensor theta = Randn(41, 3, 1, 3, 3).requires_grad_();
        Tensor phi = Randn(42, 3, 1, 3, 3).requires_grad_();
        Tensor v = Randn(43, 3, 1, 3, 3);

        Tensor Loss(Tensor th) => F.cross_entropy(F.conv2d(x, th, padding: 1), F.softmax(F.conv2d(x, phi, padding: 1), 1));

        Tensor g = torch.autograd.grad([Loss(theta)], [theta], create_graph: true)[0]!;
        Tensor exact = torch.autograd.grad([(g * v).sum()], [phi])[0]!;

        double r = 1e-4;
        Tensor gradPlus, gradMinus;
        using (torch.no_grad())
        {
            gradPlus = theta + r * v;
            gradMinus = theta - r * v;
        }
        Tensor hp = torch.autograd.grad([Loss(gradPlus)], [phi])[0]!;
        Tensor hm = torch.autograd.grad([Loss(gradMinus)], [phi])[0]!;
        Tensor approx = (hp - hm) / (2 * r);
        Assert.That(exact.allclose(approx, rtol: 1e-5, atol: 1e-8), Is.True,
            $"max difference {(exact - approx).abs().max().ToDouble()}");
    }
}
