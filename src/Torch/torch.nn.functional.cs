namespace MLSegmentation.Torch;

public static partial class torch
{
    /// <summary>Neural-network building blocks: modules (<c>torch.nn.Conv2d</c>) and <see cref="functional"/>.</summary>
    public static partial class nn
    {
        /// <summary>Stateless operators, as <c>torch.nn.functional</c>. Spatial ops take 2D (NCHW) or 3D (NCDHW) input.</summary>
        public static partial class functional
        {
            private static readonly Operator s_conv2d = new("aten::conv2d");
            private static readonly Operator s_conv3d = new("aten::conv3d");
            private static readonly Operator s_convTranspose2d = new("aten::conv_transpose2d", "input");
            private static readonly Operator s_convTranspose3d = new("aten::conv_transpose3d", "input");
            private static readonly Operator s_linear = new("aten::linear");
            private static readonly Operator s_batchNorm = new("aten::batch_norm");
            private static readonly Operator s_instanceNorm = new("aten::instance_norm");
            private static readonly Operator s_groupNorm = new("aten::group_norm");
            private static readonly Operator s_layerNorm = new("aten::layer_norm");
            private static readonly Operator s_relu = new("aten::relu");
            private static readonly Operator s_reluInPlace = new("aten::relu_");
            private static readonly Operator s_leakyRelu = new("aten::leaky_relu");
            private static readonly Operator s_leakyReluInPlace = new("aten::leaky_relu_");
            private static readonly Operator s_gelu = new("aten::gelu");
            private static readonly Operator s_sigmoid = new("aten::sigmoid");
            private static readonly Operator s_tanh = new("aten::tanh");
            private static readonly Operator s_softmax = new("aten::softmax", "int");
            private static readonly Operator s_logSoftmax = new("aten::log_softmax", "int");
            private static readonly Operator s_maxPool2d = new("aten::max_pool2d");
            private static readonly Operator s_maxPool3d = new("aten::max_pool3d");
            private static readonly Operator s_avgPool2d = new("aten::avg_pool2d");
            private static readonly Operator s_avgPool3d = new("aten::avg_pool3d");
            private static readonly Operator s_adaptiveAvgPool2d = new("aten::adaptive_avg_pool2d");
            private static readonly Operator s_adaptiveAvgPool3d = new("aten::adaptive_avg_pool3d");
            private static readonly Operator s_nearest2d = new("aten::upsample_nearest2d", "vec");
            private static readonly Operator s_nearest3d = new("aten::upsample_nearest3d", "vec");
            private static readonly Operator s_bilinear2d = new("aten::upsample_bilinear2d", "vec");
            private static readonly Operator s_trilinear3d = new("aten::upsample_trilinear3d", "vec");
            private static readonly Operator s_dropout = new("aten::dropout");
            private static readonly Operator s_crossEntropy = new("aten::cross_entropy_loss");
            private static readonly Operator s_nllLoss = new("aten::nll_loss_nd");
            private static readonly Operator s_bceWithLogits = new("aten::binary_cross_entropy_with_logits");
            private static readonly Operator s_mseLoss = new("aten::mse_loss");
            private static readonly Operator s_l1Loss = new("aten::l1_loss");

            /// <summary>2D convolution; <paramref name="padding"/> etc. apply to both spatial dimensions.</summary>
            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long dilation = 1, long groups = 1) =>
                s_conv2d.Tensor(input, weight, bias, stride, padding, dilation, groups);

            /// <summary>3D convolution.</summary>
            public static Tensor conv3d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long dilation = 1, long groups = 1) =>
                s_conv3d.Tensor(input, weight, bias, stride, padding, dilation, groups);

            /// <summary>2D transposed convolution (weight [in, out/groups, kH, kW]).</summary>
            public static Tensor conv_transpose2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long output_padding = 0, long groups = 1, long dilation = 1) =>
                s_convTranspose2d.Tensor(input, weight, bias, stride, padding, output_padding, groups, dilation);

            /// <summary>3D transposed convolution.</summary>
            public static Tensor conv_transpose3d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long output_padding = 0, long groups = 1, long dilation = 1) =>
                s_convTranspose3d.Tensor(input, weight, bias, stride, padding, output_padding, groups, dilation);

            /// <summary>x·Wᵀ + b.</summary>
            public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null) => s_linear.Tensor(input, weight, bias);

            /// <summary>Batch normalisation; in training mode updates running statistics in place.</summary>
            public static Tensor batch_norm(Tensor input, Tensor? running_mean, Tensor? running_var, Tensor? weight = null, Tensor? bias = null,
                bool training = false, double momentum = 0.1, double eps = 1e-5) =>
                s_batchNorm.Tensor(input, weight, bias, running_mean, running_var, training, momentum, eps, true);

            /// <summary>Instance normalisation (per sample and channel).</summary>
            public static Tensor instance_norm(Tensor input, Tensor? weight = null, Tensor? bias = null, Tensor? running_mean = null, Tensor? running_var = null,
                bool use_input_stats = true, double momentum = 0.1, double eps = 1e-5) =>
                s_instanceNorm.Tensor(input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps, true);

            /// <summary>Group normalisation.</summary>
            public static Tensor group_norm(Tensor input, long num_groups, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5) =>
                s_groupNorm.Tensor(input, num_groups, weight, bias, eps, true);

            /// <summary>Layer normalisation over the trailing <paramref name="normalized_shape"/>.</summary>
            public static Tensor layer_norm(Tensor input, long[] normalized_shape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5) =>
                s_layerNorm.Tensor(input, normalized_shape, weight, bias, eps, true);

            /// <summary>max(x, 0).</summary>
            public static Tensor relu(Tensor input, bool inplace = false)
            {
                if (!inplace) return s_relu.Tensor(input);
                s_reluInPlace.InPlace(input);
                return input;
            }

            /// <summary>x for x ≥ 0, slope·x otherwise.</summary>
            public static Tensor leaky_relu(Tensor input, double negative_slope = 0.01, bool inplace = false)
            {
                if (!inplace) return s_leakyRelu.Tensor(input, negative_slope);
                s_leakyReluInPlace.InPlace(input, negative_slope);
                return input;
            }

            /// <summary>Gaussian error linear unit.</summary>
            public static Tensor gelu(Tensor input) => s_gelu.Tensor(input);

            /// <summary>1 / (1 + e⁻ˣ).</summary>
            public static Tensor sigmoid(Tensor input) => s_sigmoid.Tensor(input);

            /// <summary>Hyperbolic tangent.</summary>
            public static Tensor tanh(Tensor input) => s_tanh.Tensor(input);

            /// <summary>Softmax along dim.</summary>
            public static Tensor softmax(Tensor input, long dim, ScalarType? dtype = null) => s_softmax.Tensor(input, dim, dtype);

            /// <summary>Log-softmax along dim.</summary>
            public static Tensor log_softmax(Tensor input, long dim, ScalarType? dtype = null) => s_logSoftmax.Tensor(input, dim, dtype);

            /// <summary>Max pooling over 2D or 3D input (stride defaults to the kernel size).</summary>
            public static Tensor max_pool(Tensor input, long kernel_size, long? stride = null, long padding = 0) =>
                (Spatial(input, "max_pool") == 2 ? s_maxPool2d : s_maxPool3d).Tensor(input, kernel_size, stride ?? kernel_size, padding, 1L, false);

            /// <summary>Average pooling over 2D or 3D input (stride defaults to the kernel size).</summary>
            public static Tensor avg_pool(Tensor input, long kernel_size, long? stride = null, long padding = 0) =>
                (Spatial(input, "avg_pool") == 2 ? s_avgPool2d : s_avgPool3d).Tensor(input, kernel_size, stride ?? kernel_size, padding);

            /// <summary>Average pooling to a fixed output size (1: global average pooling).</summary>
            public static Tensor adaptive_avg_pool(Tensor input, long output_size) =>
                (Spatial(input, "adaptive_avg_pool") == 2 ? s_adaptiveAvgPool2d : s_adaptiveAvgPool3d).Tensor(input, output_size);

            /// <summary>
            /// Resizes 2D or 3D input to <paramref name="size"/> (one entry per spatial dimension) or by
            /// <paramref name="scale_factor"/>. Modes: <see cref="InterpolationMode.Nearest"/> and
            /// <see cref="InterpolationMode.Linear"/> (bilinear or trilinear by rank).
            /// </summary>
            public static Tensor interpolate(Tensor input, long[]? size = null, double? scale_factor = null,
                InterpolationMode mode = InterpolationMode.Nearest, bool align_corners = false)
            {
                int spatial = Spatial(input, "interpolate");
                if ((size is null) == (scale_factor is null))
                    throw new ArgumentException("interpolate takes exactly one of size and scale_factor");
                if (size is not null && size.Length != spatial)
                    throw new ArgumentException($"interpolate: size has {size.Length} entries for {spatial} spatial dimensions", nameof(size));
                double[]? scales = scale_factor is null ? null : Enumerable.Repeat(scale_factor.Value, spatial).ToArray();
                return (mode, spatial) switch
                {
                    (InterpolationMode.Nearest, 2) => s_nearest2d.Tensor(input, size, scales),
                    (InterpolationMode.Nearest, _) => s_nearest3d.Tensor(input, size, scales),
                    (_, 2) => s_bilinear2d.Tensor(input, size, align_corners, scales),
                    _ => s_trilinear3d.Tensor(input, size, align_corners, scales),
                };
            }

            /// <summary>Zeroes elements with probability p during training and rescales the rest.</summary>
            public static Tensor dropout(Tensor input, double p = 0.5, bool training = true) => s_dropout.Tensor(input, p, training);

            /// <summary>
            /// Cross-entropy of logits [N, C, ...] against class indices [N, ...] (int64), or against
            /// class probabilities of the input's shape (soft targets). Options as PyTorch's.
            /// </summary>
            public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean,
                long ignore_index = -100, double label_smoothing = 0) =>
                s_crossEntropy.Tensor(input, target, weight, (long)reduction, ignore_index, label_smoothing);

            /// <summary>Negative log-likelihood of log-probabilities [N, C, ...] against class indices.</summary>
            public static Tensor nll_loss(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean, long ignore_index = -100) =>
                s_nllLoss.Tensor(input, target, weight, (long)reduction, ignore_index);

            /// <summary>Binary cross-entropy of logits against targets in [0, 1].</summary>
            public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean, Tensor? pos_weight = null) =>
                s_bceWithLogits.Tensor(input, target, weight, pos_weight, (long)reduction);

            /// <summary>Mean squared error.</summary>
            public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) => s_mseLoss.Tensor(input, target, (long)reduction);

            /// <summary>Mean absolute error.</summary>
            public static Tensor l1_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) => s_l1Loss.Tensor(input, target, (long)reduction);

            /// <summary>Divides by the p-norm along dim (at least eps).</summary>
            public static Tensor normalize(Tensor input, double p = 2, long dim = 1, double eps = 1e-12)
            {
                using var norm = input.norm(p, [dim], keepdim: true);
                using var clamped = norm.clamp(min: eps);
                return input.div(clamped);
            }

            private static int Spatial(Tensor input, string op)
            {
                ArgumentNullException.ThrowIfNull(input);
                int rank = input.dim();
                if (rank != 4 && rank != 5)
                    throw new ArgumentException($"{op} takes [N, C, H, W] or [N, C, D, H, W] input, got shape {Tensor.ShapeText(input.shape)}", nameof(input));
                return rank - 2;
            }
        }
    }
}

/// <summary>How a loss reduces over elements (numbered as libtorch's).</summary>
public enum Reduction
{
    /// <summary>Keep every element's loss.</summary>
    None = 0,
    /// <summary>The mean.</summary>
    Mean = 1,
    /// <summary>The sum.</summary>
    Sum = 2,
}

/// <summary>Interpolation for <see cref="torch.nn.functional.interpolate"/>.</summary>
public enum InterpolationMode
{
    /// <summary>Nearest neighbour (labels).</summary>
    Nearest,
    /// <summary>Bilinear in 2D, trilinear in 3D.</summary>
    Linear,
}
