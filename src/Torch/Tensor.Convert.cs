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

    /// <summary>The values as another element type (this tensor's data when it already is).</summary>
    public Tensor to(ScalarType type) => s_toDtype.Tensor(this, type, false, false);
    /// <summary>The tensor on another device.</summary>
    public Tensor to(Device target) => s_toDevice.Tensor(this, target, dtype, false, false);
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
}
