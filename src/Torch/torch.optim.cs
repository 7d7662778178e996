using MLSegmentation.Torch.Optim;

namespace MLSegmentation.Torch;

public static partial class torch
{
    /// <summary>
    /// Optimizers and LR schedules, as <c>torch.optim</c>. Optimizers do not own the parameters they update; they
    /// own their state and are disposed by the caller.
    /// </summary>
    public static class optim
    {
        /// <summary>SGD with momentum, dampening, Nesterov and weight decay (see <see cref="Optim.SGD"/>).</summary>
        public static SGD SGD(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false) =>
            new(parameters, lr, momentum, dampening, weight_decay, nesterov);

        /// <summary>SGD over parameter groups with their own options (see <see cref="Optim.SGD"/>).</summary>
        public static SGD SGD(IEnumerable<ParamGroup> groups, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false) =>
            new(groups, lr, momentum, dampening, weight_decay, nesterov);

        /// <summary>Adam (see <see cref="Optim.Adam"/>).</summary>
        public static Adam Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
            double weight_decay = 0, bool amsgrad = false) => new(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad);

        /// <summary>Adam over parameter groups (see <see cref="Optim.Adam"/>).</summary>
        public static Adam Adam(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
            double weight_decay = 0, bool amsgrad = false) => new(groups, lr, beta1, beta2, eps, weight_decay, amsgrad);

        /// <summary>AdamW (see <see cref="Optim.AdamW"/>).</summary>
        public static AdamW AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
            double weight_decay = 1e-2, bool amsgrad = false) => new(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad);

        /// <summary>AdamW over parameter groups (see <see cref="Optim.AdamW"/>).</summary>
        public static AdamW AdamW(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
            double weight_decay = 1e-2, bool amsgrad = false) => new(groups, lr, beta1, beta2, eps, weight_decay, amsgrad);

        /// <summary>LR schedules, as <c>torch.optim.lr_scheduler</c>.</summary>
        public static class lr_scheduler
        {
            /// <summary>Polynomial decay (see <see cref="Optim.PolyLR"/>).</summary>
            public static PolyLR PolyLR(Optimizer optimizer, long total_iters, double power = 0.9) => new(optimizer, total_iters, power);

            /// <summary>Step decay (see <see cref="Optim.StepLR"/>).</summary>
            public static StepLR StepLR(Optimizer optimizer, long step_size, double gamma = 0.1) => new(optimizer, step_size, gamma);

            /// <summary>Cosine annealing (see <see cref="Optim.CosineAnnealingLR"/>).</summary>
            public static CosineAnnealingLR CosineAnnealingLR(Optimizer optimizer, long T_max, double eta_min = 0) => new(optimizer, T_max, eta_min);

            /// <summary>A linear warm-up before <paramref name="after"/> (see <see cref="Optim.LinearWarmup"/>).</summary>
            public static LinearWarmup LinearWarmup(Optimizer optimizer, long warmup_iters, LRScheduler after, double start_factor = 0.001) =>
                new(optimizer, warmup_iters, after, start_factor);
        }
    }
}
