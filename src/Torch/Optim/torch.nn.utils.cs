using MLSegmentation.Torch.Modules;

namespace MLSegmentation.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Training utilities, as <c>torch.nn.utils</c>.</summary>
        public static class utils
        {
            /// <summary>
            /// Scales the gradients of <paramref name="parameters"/> in place so that their joint
            /// <paramref name="norm_type"/>-norm is at most <paramref name="max_norm"/> (as PyTorch: by
            /// max_norm / (norm + 1e-6) when that is below 1) and returns the norm before clipping.
            /// Parameters without a gradient are skipped. Use <see cref="double.PositiveInfinity"/> for the max-norm.
            /// </summary>
            /// <exception cref="InvalidOperationException">The norm is not finite and <paramref name="error_if_nonfinite"/> is set.</exception>
            public static double clip_grad_norm_(IEnumerable<Tensor> parameters, double max_norm, double norm_type = 2, bool error_if_nonfinite = false)
            {
                ArgumentNullException.ThrowIfNull(parameters);
                using DisposeScope scope = NewDisposeScope();
                using IDisposable noGrad = no_grad();
                Tensor[] grads = parameters.Select(p => p.grad).OfType<Tensor>().ToArray();
                if (grads.Length == 0) return 0;
                Tensor total;
                if (double.IsPositiveInfinity(norm_type))
                {
                    total = ModuleOps.Stack(grads.Select(g => g.abs().max()).ToArray()).max();
                }
                else
                {
                    total = ModuleOps.Stack(grads.Select(g => g.norm(norm_type)).ToArray()).norm(norm_type);
                }
                double norm = total.item<double>();
                if (error_if_nonfinite && !double.IsFinite(norm))
                    throw new InvalidOperationException($"the total {norm_type}-norm of the gradients is {norm}; clipping would not help");
                Tensor coefficient = total.add(1e-6).reciprocal().mul(max_norm).clamp(max: 1.0);
                foreach (Tensor g in grads) g.mul_(coefficient);
                return norm;
            }
        }
    }
}
