using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Segmenters;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Trainers.Methods;

/// <summary>
/// The generator's meta-gradient for one sample (METHODS.md §1, meta step 1–3): G = ∇_θ L_train(θ, t(φ)); fast weights
/// θ' = θ − α·G (a plain SGD step); v = ∇_θ' L_meta(θ'); generator gradient = −α·∇_φ[G(φ)·v], exactly by double
/// backward or by the official central finite difference.
/// </summary>
/// <remarks>
/// The segmenter's buffers (BatchNorm running statistics) are replaced by copies for every forward pass here, so a meta
/// step leaves the segmenter exactly as it was; its gradients (<c>grad</c>) are not touched either. θ is the parameters that
/// require a gradient: frozen ones (<see cref="EncoderCheckpoint.SetFrozen"/>) are constants of L_train and L_meta.
/// </remarks>
public static class CoLabMetaGradient
{
    /// <summary>
    /// The gradient for every parameter of <paramref name="generator"/> (in <c>parameters()</c> order, owned by the
    /// caller or the current dispose scope), or null when v is all zeros (the step is skipped).
    /// </summary>
    /// <param name="segmenter">f_θ with C + K outputs.</param>
    /// <param name="generator">g_φ with K + 1 outputs.</param>
    /// <param name="image">One sample (or several) [N, Cin, spatial…].</param>
    /// <param name="labels">Its class indices [N, spatial…].</param>
    /// <param name="fade">Its distance fade [N, 1, spatial…] (<see cref="CoLabTargets.DistanceFade"/>).</param>
    /// <param name="classes">C, background included.</param>
    /// <param name="alpha">α, the segmenter's current learning rate.</param>
    /// <param name="mode">Exact (double backward) or finite difference.</param>
    /// <param name="deepSupervision">Whether L_train uses the deep-supervision outputs.</param>
    /// <param name="finiteDifferenceRadius">The finite difference's ‖R·v‖ (R = radius/‖v‖); the official 0.01 by default.</param>
    public static Tensor[]? Compute(UNet segmenter, UNet generator, Tensor image, Tensor labels, Tensor fade, int classes,
        double alpha, MetaGradient mode, bool deepSupervision, double finiteDifferenceRadius = 0.01)
    {
        ArgumentNullException.ThrowIfNull(segmenter);
        ArgumentNullException.ThrowIfNull(generator);
        using var scope = torch.NewDisposeScope();
        using var grad = torch.enable_grad();
        // θ is what the segmenter's optimizer moves: a frozen (pretrained) encoder keeps its weights in θ' too.
        var theta = segmenter.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        Tensor[] thetaTensors = theta.Select(p => (Tensor)p.parameter).ToArray();
        Tensor[] phi = generator.parameters().Select(p => (Tensor)p).ToArray();
        var buffers = segmenter.named_buffers().ToDictionary(b => b.name, b => b.buffer.clone(), StringComparer.Ordinal);

        Tensor probabilities = F.softmax(generator.forward(image), 1);
        Tensor TrainLoss(IReadOnlyDictionary<string, Tensor> substitutes)
        {
            using (ParameterSubstitution.Substitute(segmenter, substitutes))
            {
                IReadOnlyList<Tensor> outputs = segmenter.ForwardDeep(image);
                if (!deepSupervision) outputs = [outputs[0]];
                return CoLabLosses.Train(outputs, probabilities, labels, fade, classes);
            }
        }

        // 1. G = ∇θ L_train(θ, t(φ)), differentiable in φ for the exact mode.
        Tensor loss = TrainLoss(buffers);
        Tensor[] g = torch.autograd.grad([loss], thetaTensors, retain_graph: true, create_graph: mode == MetaGradient.Exact, allow_unused: true)
            .Select((t, j) => Defined(t) ?? thetaTensors[j].zeros_like()).ToArray();

        // 2. θ' = θ − α·G; v = ∇θ' L_meta(θ').
        var fast = new Dictionary<string, Tensor>(buffers, StringComparer.Ordinal);
        var fastTensors = new Tensor[theta.Count];
        for (int j = 0; j < theta.Count; j++)
        {
            using (torch.no_grad()) fastTensors[j] = (thetaTensors[j] - alpha * g[j]).requires_grad_();
            fast[theta[j].name] = fastTensors[j];
        }
        Tensor metaLoss;
        using (ParameterSubstitution.Substitute(segmenter, fast)) metaLoss = CoLabLosses.Meta(segmenter.forward(image), labels, classes);
        Tensor[] v = torch.autograd.grad([metaLoss], fastTensors, allow_unused: true)
            .Select((t, j) => Defined(t) ?? thetaTensors[j].zeros_like()).ToArray();
        double vNorm = Math.Sqrt(v.Sum(t => t.square().sum().ToDouble()));
        if (!(vNorm > 0)) return null;

        // 3. h = ∇φ [G(φ)·v].
        Tensor?[] h;
        if (mode == MetaGradient.Exact)
        {
            Tensor dot = g.Zip(v, (a, b) => (a * b).sum()).Aggregate((a, b) => a + b);
            h = [.. torch.autograd.grad([dot], phi, allow_unused: true).Select(Defined)];
        }
        else
        {
            double r = finiteDifferenceRadius / vNorm;
            Tensor?[] Shifted(double sign)
            {
                var shifted = new Dictionary<string, Tensor>(buffers, StringComparer.Ordinal);
                using (torch.no_grad())
                {
                    for (int j = 0; j < theta.Count; j++) shifted[theta[j].name] = thetaTensors[j] + sign * r * v[j];
                }
                return [.. torch.autograd.grad([TrainLoss(shifted)], phi, retain_graph: true, allow_unused: true).Select(Defined)];
            }
            Tensor?[] plus = Shifted(1), minus = Shifted(-1);
            h = plus.Zip(minus, (a, b) => a is null || b is null ? null : (a - b) / (2 * r)).ToArray();
        }
        Tensor[] result = h.Select((t, j) => t is null ? phi[j].zeros_like() : t * -alpha).ToArray();
        foreach (Tensor t in result) t.MoveToOuterDisposeScope();
        return result;
    }

    // TorchSharp returns an undefined tensor (not null) for an input the output does not depend on.
    private static Tensor? Defined(Tensor? gradient) => gradient is null || gradient.IsInvalid ? null : gradient;
}
