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
            private static readonly Operator s_pad = new("aten::pad");
            private static readonly Operator s_maxPool2dIndices = new("aten::max_pool2d_with_indices");
            private static readonly Operator s_maxPool3dIndices = new("aten::max_pool3d_with_indices");
            private static readonly Operator s_maxUnpool2d = new("aten::max_unpool2d");
            private static readonly Operator s_maxUnpool3d = new("aten::max_unpool3d");
            private static readonly Operator s_logSigmoid = new("aten::log_sigmoid");
            private static readonly Operator s_softplus = new("aten::softplus");
            private static readonly Operator s_silu = new("aten::silu");
            private static readonly Operator s_elu = new("aten::elu");
            private static readonly Operator s_featureDropout = new("aten::feature_dropout");
            private static readonly Operator s_bce = new("aten::binary_cross_entropy");
            private static readonly Operator s_smoothL1 = new("aten::smooth_l1_loss");
            private static readonly Operator s_klDiv = new("aten::kl_div");
            private static readonly Operator s_cosineSimilarity = new("aten::cosine_similarity");
            private static readonly Operator s_gridSampler = new("aten::grid_sampler");
            private static readonly Operator s_affineGrid = new("aten::affine_grid_generator");
            private static readonly Operator s_oneHot = new("aten::one_hot");

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

            /// <summary>2D convolution with per-dimension stride, padding and dilation (null: 1, 0, 1).</summary>
            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias, long[] stride, long[]? padding = null, long[]? dilation = null, long groups = 1) =>
                s_conv2d.Tensor(input, weight, bias, stride, padding ?? [0, 0], dilation ?? [1, 1], groups);

            /// <summary>3D convolution with per-dimension stride, padding and dilation (anisotropic volumes).</summary>
            public static Tensor conv3d(Tensor input, Tensor weight, Tensor? bias, long[] stride, long[]? padding = null, long[]? dilation = null, long groups = 1) =>
                s_conv3d.Tensor(input, weight, bias, stride, padding ?? [0, 0, 0], dilation ?? [1, 1, 1], groups);

            /// <summary>2D transposed convolution with per-dimension stride, padding and output padding.</summary>
            public static Tensor conv_transpose2d(Tensor input, Tensor weight, Tensor? bias, long[] stride, long[]? padding = null, long[]? output_padding = null, long groups = 1, long[]? dilation = null) =>
                s_convTranspose2d.Tensor(input, weight, bias, stride, padding ?? [0, 0], output_padding ?? [0, 0], groups, dilation ?? [1, 1]);

            /// <summary>3D transposed convolution with per-dimension stride, padding and output padding.</summary>
            public static Tensor conv_transpose3d(Tensor input, Tensor weight, Tensor? bias, long[] stride, long[]? padding = null, long[]? output_padding = null, long groups = 1, long[]? dilation = null) =>
                s_convTranspose3d.Tensor(input, weight, bias, stride, padding ?? [0, 0, 0], output_padding ?? [0, 0, 0], groups, dilation ?? [1, 1, 1]);

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

            /// <summary>log(1 / (1 + e⁻ˣ)), computed stably.</summary>
            public static Tensor logsigmoid(Tensor input) => s_logSigmoid.Tensor(input);

            /// <summary>log(1 + e^(βx)) / β, linear above <paramref name="threshold"/>.</summary>
            public static Tensor softplus(Tensor input, double beta = 1, double threshold = 20) => s_softplus.Tensor(input, beta, threshold);

            /// <summary>x·σ(x) (swish).</summary>
            public static Tensor silu(Tensor input) => s_silu.Tensor(input);

            /// <summary>x for x &gt; 0, α(eˣ − 1) otherwise.</summary>
            public static Tensor elu(Tensor input, double alpha = 1) => s_elu.Tensor(input, alpha);

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

            /// <summary>Max pooling with per-dimension kernel, stride (null: the kernel) and padding (null: 0).</summary>
            public static Tensor max_pool(Tensor input, long[] kernel_size, long[]? stride = null, long[]? padding = null, bool ceil_mode = false)
            {
                int spatial = Spatial(input, "max_pool");
                return (spatial == 2 ? s_maxPool2d : s_maxPool3d).Tensor(input, kernel_size, stride ?? kernel_size, padding ?? new long[spatial], 1L, ceil_mode);
            }

            /// <summary>Max pooling that also returns the flat spatial index of each maximum (for <see cref="max_unpool"/>).</summary>
            public static (Tensor values, Tensor indices) max_pool_with_indices(Tensor input, long kernel_size, long? stride = null, long padding = 0)
            {
                Tensor[] r = (Spatial(input, "max_pool_with_indices") == 2 ? s_maxPool2dIndices : s_maxPool3dIndices)
                    .Tensors(input, kernel_size, stride ?? kernel_size, padding, 1L, false);
                return (r[0], r[1]);
            }

            /// <summary>Puts pooled values back at their <paramref name="indices"/> in a zero tensor of spatial size <paramref name="output_size"/>.</summary>
            public static Tensor max_unpool(Tensor input, Tensor indices, long[] output_size)
            {
                int spatial = Spatial(input, "max_unpool");
                if (output_size is null || output_size.Length != spatial)
                    throw new ArgumentException($"max_unpool: output_size needs {spatial} entries", nameof(output_size));
                if (spatial == 2) return s_maxUnpool2d.Tensor(input, indices, output_size);
                // The 3D kernel also takes stride and padding to check the size; a non-overlapping pool's are the ratio and 0.
                long[] shape = input.shape;
                long[] stride = [output_size[0] / Math.Max(1, shape[2]), output_size[1] / Math.Max(1, shape[3]), output_size[2] / Math.Max(1, shape[4])];
                return s_maxUnpool3d.Tensor(input, indices, output_size, stride, new long[3]);
            }

            /// <summary>
            /// Min pooling, −max_pool(−x): the smallest value in each window (CoLab's fade mask at lower
            /// deep-supervision resolutions). Gradients flow to the minima.
            /// </summary>
            public static Tensor min_pool(Tensor input, long kernel_size, long? stride = null, long padding = 0)
            {
                ArgumentNullException.ThrowIfNull(input);
                using var negated = input.neg();
                using var pooled = max_pool(negated, kernel_size, stride, padding);
                return pooled.neg();
            }

            /// <summary>Average pooling with per-dimension kernel, stride (null: the kernel) and padding (null: 0).</summary>
            public static Tensor avg_pool(Tensor input, long[] kernel_size, long[]? stride = null, long[]? padding = null, bool ceil_mode = false, bool count_include_pad = true)
            {
                int spatial = Spatial(input, "avg_pool");
                return (spatial == 2 ? s_avgPool2d : s_avgPool3d).Tensor(input, kernel_size, stride ?? kernel_size, padding ?? new long[spatial], ceil_mode, count_include_pad);
            }

            /// <summary>Average pooling to a fixed output size per spatial dimension.</summary>
            public static Tensor adaptive_avg_pool(Tensor input, long[] output_size)
            {
                int spatial = Spatial(input, "adaptive_avg_pool");
                if (output_size is null || output_size.Length != spatial)
                    throw new ArgumentException($"adaptive_avg_pool: output_size needs {spatial} entries", nameof(output_size));
                return (spatial == 2 ? s_adaptiveAvgPool2d : s_adaptiveAvgPool3d).Tensor(input, output_size);
            }

            /// <summary>
            /// Pads the trailing dimensions; <paramref name="pad"/> lists (before, after) pairs from the last
            /// dimension back, as <c>F.pad</c>. Reflect, replicate and circular pad the spatial dimensions
            /// of [N, C, ...] (or [C, ...]) input; constant pads any dimension with <paramref name="value"/>.
            /// </summary>
            public static Tensor pad(Tensor input, long[] pad, PaddingMode mode = PaddingMode.Constant, double value = 0)
            {
                string name = mode switch
                {
                    PaddingMode.Constant => "constant",
                    PaddingMode.Reflect => "reflect",
                    PaddingMode.Replicate => "replicate",
                    PaddingMode.Circular => "circular",
                    _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown padding mode"),
                };
                return s_pad.Tensor(input, pad, name, mode == PaddingMode.Constant ? value : Arg.None);
            }

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
                if (mode == InterpolationMode.Area)
                {
                    long[] shape = input.shape;
                    long[] target = size ?? Enumerable.Range(2, spatial).Select(d => (long)Math.Floor(shape[d] * scale_factor!.Value)).ToArray();
                    return adaptive_avg_pool(input, target);
                }
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

            /// <summary>Zeroes whole channels of [N, C, H, W] input with probability p during training and rescales the rest.</summary>
            public static Tensor dropout2d(Tensor input, double p = 0.5, bool training = true) => s_featureDropout.Tensor(input, p, training);

            /// <summary>Zeroes whole channels of [N, C, D, H, W] input with probability p during training and rescales the rest.</summary>
            public static Tensor dropout3d(Tensor input, double p = 0.5, bool training = true) => s_featureDropout.Tensor(input, p, training);

            /// <summary>Binary cross-entropy of probabilities in (0, 1) against targets in [0, 1] (log clamped at −100 as PyTorch's).</summary>
            public static Tensor binary_cross_entropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean) =>
                s_bce.Tensor(input, target, weight, (long)reduction);

            /// <summary>Huber-style loss: 0.5·d²/β for |d| &lt; β, |d| − 0.5·β otherwise.</summary>
            public static Tensor smooth_l1_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double beta = 1) =>
                s_smoothL1.Tensor(input, target, (long)reduction, beta);

            /// <summary>Kullback–Leibler divergence of log-probabilities <paramref name="input"/> from <paramref name="target"/> (probabilities, or log-probabilities with <paramref name="log_target"/>).</summary>
            public static Tensor kl_div(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, bool log_target = false) =>
                s_klDiv.Tensor(input, target, (long)reduction, log_target);

            /// <summary>Cosine of the angle between x1 and x2 along dim.</summary>
            public static Tensor cosine_similarity(Tensor x1, Tensor x2, long dim = 1, double eps = 1e-8) =>
                s_cosineSimilarity.Tensor(x1, x2, dim, eps);

            /// <summary>One-hot encoding of int64 class indices as a new last dimension (int64).</summary>
            public static Tensor one_hot(Tensor input, long num_classes = -1) => s_oneHot.Tensor(input, num_classes);

            /// <summary>
            /// Samples <paramref name="input"/> [N, C, (D,) H, W] at normalised coordinates <paramref name="grid"/>
            /// [N, (D,) H, W, 2 or 3] in [−1, 1] (x first), as <c>F.grid_sample</c>.
            /// </summary>
            public static Tensor grid_sample(Tensor input, Tensor grid, GridSampleMode mode = GridSampleMode.Bilinear,
                GridSamplePadding padding_mode = GridSamplePadding.Zeros, bool align_corners = false) =>
                s_gridSampler.Tensor(input, grid, (long)mode, (long)padding_mode, align_corners);

            /// <summary>The sampling grid of affine matrices <paramref name="theta"/> [N, 2, 3] (or [N, 3, 4]) for an output of <paramref name="size"/> [N, C, (D,) H, W].</summary>
            public static Tensor affine_grid(Tensor theta, long[] size, bool align_corners = false) =>
                s_affineGrid.Tensor(theta, size, align_corners);

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
    /// <summary>Area averaging (adaptive average pooling to the target size), for downsampling masks and features.</summary>
    Area,
}

/// <summary>How <see cref="torch.nn.functional.pad"/> fills the border.</summary>
public enum PaddingMode
{
    /// <summary>A constant value.</summary>
    Constant,
    /// <summary>Mirror without repeating the edge (needs pad &lt; size).</summary>
    Reflect,
    /// <summary>Repeat the edge value.</summary>
    Replicate,
    /// <summary>Wrap around.</summary>
    Circular,
}

/// <summary>Interpolation of <see cref="torch.nn.functional.grid_sample"/>, numbered as libtorch's.</summary>
public enum GridSampleMode
{
    /// <summary>Bilinear (trilinear for volumes).</summary>
    Bilinear = 0,
    /// <summary>Nearest neighbour.</summary>
    Nearest = 1,
    /// <summary>Bicubic (2D only).</summary>
    Bicubic = 2,
}

/// <summary>What <see cref="torch.nn.functional.grid_sample"/> reads outside the input, numbered as libtorch's.</summary>
public enum GridSamplePadding
{
    /// <summary>Zeros.</summary>
    Zeros = 0,
    /// <summary>The nearest border value.</summary>
    Border = 1,
    /// <summary>Reflections of the input.</summary>
    Reflection = 2,
}
