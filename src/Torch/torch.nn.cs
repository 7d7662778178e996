using MLSegmentation.Torch.Modules;

namespace MLSegmentation.Torch;

public static partial class torch
{
    // Factory functions named as PyTorch's and TorchSharp's module classes. Each returns a new module that the
    // caller owns (dispose it, or register it in a parent module that then owns it).
    public static partial class nn
    {
        /// <summary>A 2D convolution layer (see <see cref="Modules.Conv2d"/>).</summary>
        public static Conv2d Conv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0,
            long dilation = 1, long groups = 1, bool bias = true) =>
            new(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias);

        /// <summary>A 3D convolution layer (see <see cref="Modules.Conv3d"/>).</summary>
        public static Conv3d Conv3d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0,
            long dilation = 1, long groups = 1, bool bias = true) =>
            new(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias);

        /// <summary>A 2D transposed convolution layer (see <see cref="Modules.ConvTranspose2d"/>).</summary>
        public static ConvTranspose2d ConvTranspose2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0,
            long outputPadding = 0, long dilation = 1, long groups = 1, bool bias = true) =>
            new(inChannels, outChannels, kernelSize, stride, padding, outputPadding, dilation, groups, bias);

        /// <summary>A 3D transposed convolution layer (see <see cref="Modules.ConvTranspose3d"/>).</summary>
        public static ConvTranspose3d ConvTranspose3d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0,
            long outputPadding = 0, long dilation = 1, long groups = 1, bool bias = true) =>
            new(inChannels, outChannels, kernelSize, stride, padding, outputPadding, dilation, groups, bias);

        /// <summary>A fully connected layer (see <see cref="Modules.Linear"/>).</summary>
        public static Linear Linear(long inFeatures, long outFeatures, bool bias = true) => new(inFeatures, outFeatures, bias);

        /// <summary>Batch normalisation over [N, C, H, W] (see <see cref="Modules.BatchNorm2d"/>).</summary>
        public static BatchNorm2d BatchNorm2d(long numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true) =>
            new(numFeatures, eps, momentum, affine, trackRunningStats);

        /// <summary>Batch normalisation over [N, C, D, H, W] (see <see cref="Modules.BatchNorm3d"/>).</summary>
        public static BatchNorm3d BatchNorm3d(long numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true) =>
            new(numFeatures, eps, momentum, affine, trackRunningStats);

        /// <summary>Instance normalisation over [N, C, H, W] (see <see cref="Modules.InstanceNorm2d"/>).</summary>
        public static InstanceNorm2d InstanceNorm2d(long numFeatures, double eps = 1e-5, double momentum = 0.1, bool affine = false, bool trackRunningStats = false) =>
            new(numFeatures, eps, momentum, affine, trackRunningStats);

        /// <summary>Instance normalisation over [N, C, D, H, W] (see <see cref="Modules.InstanceNorm3d"/>).</summary>
        public static InstanceNorm3d InstanceNorm3d(long numFeatures, double eps = 1e-5, double momentum = 0.1, bool affine = false, bool trackRunningStats = false) =>
            new(numFeatures, eps, momentum, affine, trackRunningStats);

        /// <summary>Group normalisation (see <see cref="Modules.GroupNorm"/>).</summary>
        public static GroupNorm GroupNorm(long numGroups, long numChannels, double eps = 1e-5, bool affine = true) =>
            new(numGroups, numChannels, eps, affine);

        /// <summary>max(x, 0) (see <see cref="Modules.ReLU"/>).</summary>
        public static ReLU ReLU(bool inplace = false) => new(inplace);

        /// <summary>Leaky ReLU (see <see cref="Modules.LeakyReLU"/>).</summary>
        public static LeakyReLU LeakyReLU(double negativeSlope = 0.01, bool inplace = false) => new(negativeSlope, inplace);

        /// <summary>The logistic function (see <see cref="Modules.Sigmoid"/>).</summary>
        public static Sigmoid Sigmoid() => new();

        /// <summary>Dropout (see <see cref="Modules.Dropout"/>).</summary>
        public static Dropout Dropout(double p = 0.5) => new(p);

        /// <summary>2D max pooling (see <see cref="Modules.MaxPool2d"/>).</summary>
        public static MaxPool2d MaxPool2d(long kernelSize, long? stride = null, long padding = 0) => new(kernelSize, stride, padding);

        /// <summary>3D max pooling (see <see cref="Modules.MaxPool3d"/>).</summary>
        public static MaxPool3d MaxPool3d(long kernelSize, long? stride = null, long padding = 0) => new(kernelSize, stride, padding);

        /// <summary>2D average pooling (see <see cref="Modules.AvgPool2d"/>).</summary>
        public static AvgPool2d AvgPool2d(long kernelSize, long? stride = null, long padding = 0) => new(kernelSize, stride, padding);

        /// <summary>3D average pooling (see <see cref="Modules.AvgPool3d"/>).</summary>
        public static AvgPool3d AvgPool3d(long kernelSize, long? stride = null, long padding = 0) => new(kernelSize, stride, padding);

        /// <summary>Resizing by nearest neighbour or (bi/tri)linear interpolation (see <see cref="Modules.Upsample"/>).</summary>
        public static Upsample Upsample(long[]? size = null, double? scaleFactor = null, InterpolationMode mode = InterpolationMode.Nearest, bool alignCorners = false) =>
            new(size, scaleFactor, mode, alignCorners);

        /// <summary>The identity (see <see cref="Modules.Identity"/>).</summary>
        public static Identity Identity() => new();

        /// <summary>Modules run in order, named by position; takes ownership of them (see <see cref="Modules.Sequential"/>).</summary>
        public static Sequential Sequential(params Module<Tensor, Tensor>[] modules) => new(modules);

        /// <summary>Named modules run in order; takes ownership of them (see <see cref="Modules.Sequential"/>).</summary>
        public static Sequential Sequential(params (string name, Module<Tensor, Tensor> module)[] modules) => new(modules);

        /// <summary>An indexed list of modules; takes ownership of them (see <see cref="ModuleList{T}"/>).</summary>
        public static ModuleList<T> ModuleList<T>(params T[] modules) where T : Module => new(modules);

        /// <summary>Named modules; takes ownership of them (see <see cref="ModuleDict{T}"/>).</summary>
        public static ModuleDict<T> ModuleDict<T>(params (string name, T module)[] modules) where T : Module => new(modules);

        /// <summary>A parameter over <paramref name="data"/>'s values (see <see cref="Modules.Parameter"/>); the caller owns both.</summary>
        public static Parameter Parameter(Tensor data, bool requiresGrad = true) => new(data, requiresGrad);
    }
}
