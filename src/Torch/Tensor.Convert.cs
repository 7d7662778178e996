namespace MLSegmentation.Torch;

// Copies, conversions between types and devices, fills.
public partial class Tensor
{
    private static readonly Operator s_toDtype = new("aten::to", "dtype");
    private static readonly Operator s_toDevice = new("aten::to", "device");
    private static readonly Operator s_clone = new("aten::clone");
    private static readonly Operator s_copyInPlace = new("aten::copy_");
    private static readonly Operator s_fillInPlace = new("aten::fill_", "Scalar");
    private static readonly Operator s_zeroInPlace = new("aten::zero_");
    private static readonly Operator s_zerosLike = new("aten::zeros_like");
    private static readonly Operator s_onesLike = new("aten::ones_like");
    private static readonly Operator s_emptyLike = new("aten::empty_like");
    private static readonly Operator s_randLike = new("aten::rand_like");
    private static readonly Operator s_randnLike = new("aten::randn_like");
    private static readonly Operator s_uniformInPlace = new("aten::uniform_");
    private static readonly Operator s_normalInPlace = new("aten::normal_");
    private static readonly Operator s_bernoulli = new("aten::bernoulli", "p");
    private static readonly Operator s_bernoulliTensor = new("aten::bernoulli");
    private static readonly Operator s_bernoulliInPlace = new("aten::bernoulli_", "float");
    private static readonly Operator s_multinomial = new("aten::multinomial");
    private static readonly Operator s_randintLike = new("aten::randint_like", "low_dtype");
    private static readonly Operator s_fullLike = new("aten::full_like");
    private static readonly Operator s_toOther = new("aten::to", "other");

    /// <summary>The values as another element type (this tensor's data when it already is).</summary>
    public Tensor to(ScalarType type) => s_toDtype.Tensor(this, type, false, false);
    /// <summary>The tensor on another device.</summary>
    public Tensor to(Device target) => s_toDevice.Tensor(this, target, dtype, false, false);
    /// <summary>The tensor on another device, converted to <paramref name="type"/>.</summary>
    public Tensor to(Device target, ScalarType type) => s_toDevice.Tensor(this, target, type, false, false);
    /// <summary>The values with <paramref name="other"/>'s element type and device.</summary>
    public Tensor to(Tensor other) => s_toOther.Tensor(this, other, false, false);
    /// <summary>The values as another element type (as TorchSharp's <c>to_type</c>).</summary>
    public Tensor to_type(ScalarType type) => to(type);
    /// <summary>The values with <paramref name="other"/>'s element type.</summary>
    public Tensor type_as(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return to(other.dtype);
    }
    /// <summary>As float32.</summary>
    public Tensor @float() => to(ScalarType.Float32);
    /// <summary>As float64.</summary>
    public Tensor @double() => to(ScalarType.Float64);
    /// <summary>As float16.</summary>
    public Tensor half() => to(ScalarType.Float16);
    /// <summary>As bfloat16.</summary>
    public Tensor bfloat16() => to(ScalarType.BFloat16);
    /// <summary>As int64.</summary>
    public Tensor @long() => to(ScalarType.Int64);
    /// <summary>As int32.</summary>
    public Tensor @int() => to(ScalarType.Int32);
    /// <summary>As bool.</summary>
    public Tensor @bool() => to(ScalarType.Bool);
    /// <summary>True for floating-point element types.</summary>
    public bool is_floating_point() => dtype.IsFloatingPoint();
    /// <summary>Bytes per element.</summary>
    public int element_size() => dtype.ElementSize();
    /// <summary>True when the tensor lives on a CUDA device.</summary>
    public bool is_cuda => device.Type == DeviceType.CUDA;
    /// <summary>The tensor on CUDA device <paramref name="index"/>; throws <see cref="TorchException"/> when CUDA is unavailable.</summary>
    public Tensor cuda(int index = 0) => to(Device.Cuda(index));
    /// <summary>The tensor on the CPU.</summary>
    public Tensor cpu() => to(Device.Cpu);
    /// <summary>A copy with its own storage (records autograd).</summary>
    public Tensor clone() => s_clone.Tensor(this);
    /// <summary>In place: copies <paramref name="src"/>'s values (broadcast) into this tensor.</summary>
    public Tensor copy_(Tensor src) { s_copyInPlace.InPlace(this, src, false); return this; }
    /// <summary>In place: sets every element to <paramref name="value"/>.</summary>
    public Tensor fill_(double value) { s_fillInPlace.InPlace(this, value); return this; }
    /// <summary>In place: sets every element to 0.</summary>
    public Tensor zero_() { s_zeroInPlace.InPlace(this); return this; }
    /// <summary>Zeros of the same shape, type and device.</summary>
    public Tensor zeros_like() => s_zerosLike.Tensor(this);
    /// <summary>Ones of the same shape, type and device.</summary>
    public Tensor ones_like() => s_onesLike.Tensor(this);
    /// <summary>Uninitialised, same shape, type and device.</summary>
    public Tensor empty_like() => s_emptyLike.Tensor(this);
    /// <summary>Uniform [0, 1) values of the same shape, type and device.</summary>
    public Tensor rand_like() => s_randLike.Tensor(this);
    /// <summary>Standard normal values of the same shape, type and device.</summary>
    public Tensor randn_like() => s_randnLike.Tensor(this);
    /// <summary>In place: uniform values in [from, to).</summary>
    public Tensor uniform_(double from = 0, double to = 1) { s_uniformInPlace.InPlace(this, from, to); return this; }
    /// <summary>In place: normal values.</summary>
    public Tensor normal_(double mean = 0, double std = 1) { s_normalInPlace.InPlace(this, mean, std); return this; }
    /// <summary>Bernoulli(p) draws of the same shape (0 or 1, same type).</summary>
    public Tensor bernoulli(double p) => s_bernoulli.Tensor(this, p);
    /// <summary>Bernoulli draws with this tensor's values as probabilities (0 or 1, same type).</summary>
    public Tensor bernoulli() => s_bernoulliTensor.Tensor(this);
    /// <summary>In place: Bernoulli(p) draws.</summary>
    public Tensor bernoulli_(double p = 0.5) { s_bernoulliInPlace.InPlace(this, p); return this; }
    /// <summary>
    /// <paramref name="num_samples"/> category indices (int64) drawn from the rows of this tensor,
    /// read as non-negative weights (one row: a vector of draws; [n, k]: [n, num_samples]).
    /// </summary>
    public Tensor multinomial(long num_samples, bool replacement = false) => s_multinomial.Tensor(this, num_samples, replacement);
    /// <summary>Random integers in [low, high) of the same shape, type and device.</summary>
    public Tensor randint_like(long low, long high) => s_randintLike.Tensor(this, low, high);
    /// <summary>A tensor of the same shape, type and device filled with <paramref name="value"/>.</summary>
    public Tensor full_like(double value) => s_fullLike.Tensor(this, value);
}
