namespace MLSegmentation.Torch;

// Elementwise arithmetic, comparisons and matrix products.
public partial class Tensor
{
    private static readonly Operator s_add = new("aten::add", "Tensor");
    private static readonly Operator s_addScalar = new("aten::add", "Scalar");
    private static readonly Operator s_addInPlace = new("aten::add_", "Tensor");
    private static readonly Operator s_sub = new("aten::sub", "Tensor");
    private static readonly Operator s_subScalar = new("aten::sub", "Scalar");
    private static readonly Operator s_rsubScalar = new("aten::rsub", "Scalar");
    private static readonly Operator s_mul = new("aten::mul", "Tensor");
    private static readonly Operator s_mulScalar = new("aten::mul", "Scalar");
    private static readonly Operator s_mulInPlace = new("aten::mul_", "Tensor");
    private static readonly Operator s_mulScalarInPlace = new("aten::mul_", "Scalar");
    private static readonly Operator s_div = new("aten::div", "Tensor");
    private static readonly Operator s_divScalar = new("aten::div", "Scalar");
    private static readonly Operator s_divInPlace = new("aten::div_", "Tensor");
    private static readonly Operator s_addcmulInPlace = new("aten::addcmul_");
    private static readonly Operator s_addcdivInPlace = new("aten::addcdiv_");
    private static readonly Operator s_lerpInPlace = new("aten::lerp_", "Scalar");
    private static readonly Operator s_neg = new("aten::neg");
    private static readonly Operator s_pow = new("aten::pow", "Tensor_Scalar");
    private static readonly Operator s_powTensor = new("aten::pow", "Tensor_Tensor");
    private static readonly Operator s_exp = new("aten::exp");
    private static readonly Operator s_log = new("aten::log");
    private static readonly Operator s_sqrt = new("aten::sqrt");
    private static readonly Operator s_rsqrt = new("aten::rsqrt");
    private static readonly Operator s_abs = new("aten::abs");
    private static readonly Operator s_sign = new("aten::sign");
    private static readonly Operator s_square = new("aten::square");
    private static readonly Operator s_reciprocal = new("aten::reciprocal");
    private static readonly Operator s_clamp = new("aten::clamp");
    private static readonly Operator s_clampInPlace = new("aten::clamp_");
    private static readonly Operator s_maximum = new("aten::maximum");
    private static readonly Operator s_minimum = new("aten::minimum");
    private static readonly Operator s_floor = new("aten::floor");
    private static readonly Operator s_round = new("aten::round");
    private static readonly Operator s_matmul = new("aten::matmul");
    private static readonly Operator s_mm = new("aten::mm");
    private static readonly Operator s_eq = new("aten::eq", "Tensor");
    private static readonly Operator s_eqScalar = new("aten::eq", "Scalar");
    private static readonly Operator s_ne = new("aten::ne", "Tensor");
    private static readonly Operator s_neScalar = new("aten::ne", "Scalar");
    private static readonly Operator s_lt = new("aten::lt", "Tensor");
    private static readonly Operator s_ltScalar = new("aten::lt", "Scalar");
    private static readonly Operator s_le = new("aten::le", "Tensor");
    private static readonly Operator s_leScalar = new("aten::le", "Scalar");
    private static readonly Operator s_gt = new("aten::gt", "Tensor");
    private static readonly Operator s_gtScalar = new("aten::gt", "Scalar");
    private static readonly Operator s_ge = new("aten::ge", "Tensor");
    private static readonly Operator s_geScalar = new("aten::ge", "Scalar");
    private static readonly Operator s_logicalAnd = new("aten::logical_and");
    private static readonly Operator s_logicalOr = new("aten::logical_or");
    private static readonly Operator s_logicalNot = new("aten::logical_not");
    private static readonly Operator s_allclose = new("aten::allclose");
    private static readonly Operator s_equal = new("aten::equal");
    private static readonly Operator s_isnan = new("aten::isnan");
    private static readonly Operator s_isfinite = new("aten::isfinite");
    private static readonly Operator s_addScalarInPlace = new("aten::add_", "Scalar");
    private static readonly Operator s_subInPlace = new("aten::sub_", "Tensor");
    private static readonly Operator s_divScalarInPlace = new("aten::div_", "Scalar");
    private static readonly Operator s_sqrtInPlace = new("aten::sqrt_");
    private static readonly Operator s_expInPlace = new("aten::exp_");
    private static readonly Operator s_negInPlace = new("aten::neg_");
    private static readonly Operator s_lerpScalar = new("aten::lerp", "Scalar");
    private static readonly Operator s_lerpTensor = new("aten::lerp", "Tensor");
    private static readonly Operator s_lerpTensorInPlace = new("aten::lerp_", "Tensor");
    private static readonly Operator s_clampTensor = new("aten::clamp", "Tensor");
    private static readonly Operator s_clampMin = new("aten::clamp_min");
    private static readonly Operator s_clampMax = new("aten::clamp_max");
    private static readonly Operator s_clampMinTensor = new("aten::clamp_min", "Tensor");
    private static readonly Operator s_clampMaxTensor = new("aten::clamp_max", "Tensor");
    private static readonly Operator s_sigmoid = new("aten::sigmoid");
    private static readonly Operator s_tanh = new("aten::tanh");
    private static readonly Operator s_relu = new("aten::relu");
    private static readonly Operator s_log1p = new("aten::log1p");
    private static readonly Operator s_expm1 = new("aten::expm1");
    private static readonly Operator s_ceil = new("aten::ceil");
    private static readonly Operator s_trunc = new("aten::trunc");
    private static readonly Operator s_sin = new("aten::sin");
    private static readonly Operator s_cos = new("aten::cos");
    private static readonly Operator s_remainder = new("aten::remainder", "Scalar");
    private static readonly Operator s_bmm = new("aten::bmm");
    private static readonly Operator s_dist = new("aten::dist");
    private static readonly Operator s_logicalXor = new("aten::logical_xor");
    private static readonly Operator s_isinf = new("aten::isinf");
    private static readonly Operator s_whereSelf = new("aten::where", "self");
    private static readonly Operator s_whereScalarOther = new("aten::where", "ScalarOther");

    /// <summary>this + alpha·other.</summary>
    public Tensor add(Tensor other, double alpha = 1) => s_add.Tensor(this, other, alpha);
    /// <summary>this + value.</summary>
    public Tensor add(double value) => s_addScalar.Tensor(this, value, 1.0);
    /// <summary>In place: this += alpha·other.</summary>
    public Tensor add_(Tensor other, double alpha = 1) { s_addInPlace.InPlace(this, other, alpha); return this; }
    /// <summary>this − alpha·other.</summary>
    public Tensor sub(Tensor other, double alpha = 1) => s_sub.Tensor(this, other, alpha);
    /// <summary>this − value.</summary>
    public Tensor sub(double value) => s_subScalar.Tensor(this, value, 1.0);
    /// <summary>this · other, elementwise.</summary>
    public Tensor mul(Tensor other) => s_mul.Tensor(this, other);
    /// <summary>this · value.</summary>
    public Tensor mul(double value) => s_mulScalar.Tensor(this, value);
    /// <summary>In place: this ·= other.</summary>
    public Tensor mul_(Tensor other) { s_mulInPlace.InPlace(this, other); return this; }
    /// <summary>In place: this ·= value.</summary>
    public Tensor mul_(double value) { s_mulScalarInPlace.InPlace(this, value); return this; }
    /// <summary>this / other, elementwise.</summary>
    public Tensor div(Tensor other) => s_div.Tensor(this, other);
    /// <summary>this / value.</summary>
    public Tensor div(double value) => s_divScalar.Tensor(this, value);
    /// <summary>In place: this /= other.</summary>
    public Tensor div_(Tensor other) { s_divInPlace.InPlace(this, other); return this; }
    /// <summary>In place: this += value · t1 · t2.</summary>
    public Tensor addcmul_(Tensor t1, Tensor t2, double value = 1) { s_addcmulInPlace.InPlace(this, t1, t2, value); return this; }
    /// <summary>In place: this += value · t1 / t2.</summary>
    public Tensor addcdiv_(Tensor t1, Tensor t2, double value = 1) { s_addcdivInPlace.InPlace(this, t1, t2, value); return this; }
    /// <summary>In place: this += weight · (end − this).</summary>
    public Tensor lerp_(Tensor end, double weight) { s_lerpInPlace.InPlace(this, end, weight); return this; }
    /// <summary>−this.</summary>
    public Tensor neg() => s_neg.Tensor(this);
    /// <summary>this ^ exponent.</summary>
    public Tensor pow(double exponent) => s_pow.Tensor(this, exponent);
    /// <summary>this ^ exponent, elementwise.</summary>
    public Tensor pow(Tensor exponent) => s_powTensor.Tensor(this, exponent);
    /// <summary>eˣ.</summary>
    public Tensor exp() => s_exp.Tensor(this);
    /// <summary>Natural logarithm.</summary>
    public Tensor log() => s_log.Tensor(this);
    /// <summary>Square root.</summary>
    public Tensor sqrt() => s_sqrt.Tensor(this);
    /// <summary>1 / √x.</summary>
    public Tensor rsqrt() => s_rsqrt.Tensor(this);
    /// <summary>|x|.</summary>
    public Tensor abs() => s_abs.Tensor(this);
    /// <summary>Sign (−1, 0, 1).</summary>
    public Tensor sign() => s_sign.Tensor(this);
    /// <summary>x².</summary>
    public Tensor square() => s_square.Tensor(this);
    /// <summary>1 / x.</summary>
    public Tensor reciprocal() => s_reciprocal.Tensor(this);
    /// <summary>Clamps into [min, max]; null leaves that side open.</summary>
    public Tensor clamp(double? min = null, double? max = null) => s_clamp.Tensor(this, min, max);
    /// <summary>In place: clamps into [min, max].</summary>
    public Tensor clamp_(double? min = null, double? max = null) { s_clampInPlace.InPlace(this, min, max); return this; }
    /// <summary>Elementwise maximum.</summary>
    public Tensor maximum(Tensor other) => s_maximum.Tensor(this, other);
    /// <summary>Elementwise minimum.</summary>
    public Tensor minimum(Tensor other) => s_minimum.Tensor(this, other);
    /// <summary>Rounds down.</summary>
    public Tensor floor() => s_floor.Tensor(this);
    /// <summary>Rounds to nearest, ties to even.</summary>
    public Tensor round() => s_round.Tensor(this);
    /// <summary>Matrix product with broadcasting (as <c>torch.matmul</c>).</summary>
    public Tensor matmul(Tensor other) => s_matmul.Tensor(this, other);
    /// <summary>Product of two matrices.</summary>
    public Tensor mm(Tensor other) => s_mm.Tensor(this, other);
    /// <summary>this == other (bool).</summary>
    public Tensor eq(Tensor other) => s_eq.Tensor(this, other);
    /// <summary>this == value (bool).</summary>
    public Tensor eq(double value) => s_eqScalar.Tensor(this, value);
    /// <summary>this != other (bool).</summary>
    public Tensor ne(Tensor other) => s_ne.Tensor(this, other);
    /// <summary>this != value (bool).</summary>
    public Tensor ne(double value) => s_neScalar.Tensor(this, value);
    /// <summary>this &lt; other (bool).</summary>
    public Tensor lt(Tensor other) => s_lt.Tensor(this, other);
    /// <summary>this &lt; value (bool).</summary>
    public Tensor lt(double value) => s_ltScalar.Tensor(this, value);
    /// <summary>this ≤ other (bool).</summary>
    public Tensor le(Tensor other) => s_le.Tensor(this, other);
    /// <summary>this ≤ value (bool).</summary>
    public Tensor le(double value) => s_leScalar.Tensor(this, value);
    /// <summary>this &gt; other (bool).</summary>
    public Tensor gt(Tensor other) => s_gt.Tensor(this, other);
    /// <summary>this &gt; value (bool).</summary>
    public Tensor gt(double value) => s_gtScalar.Tensor(this, value);
    /// <summary>this ≥ other (bool).</summary>
    public Tensor ge(Tensor other) => s_ge.Tensor(this, other);
    /// <summary>this ≥ value (bool).</summary>
    public Tensor ge(double value) => s_geScalar.Tensor(this, value);
    /// <summary>Elementwise logical and.</summary>
    public Tensor logical_and(Tensor other) => s_logicalAnd.Tensor(this, other);
    /// <summary>Elementwise logical or.</summary>
    public Tensor logical_or(Tensor other) => s_logicalOr.Tensor(this, other);
    /// <summary>Elementwise logical not.</summary>
    public Tensor logical_not() => s_logicalNot.Tensor(this);
    /// <summary>True where the value is NaN.</summary>
    public Tensor isnan() => s_isnan.Tensor(this);
    /// <summary>True where the value is finite.</summary>
    public Tensor isfinite() => s_isfinite.Tensor(this);
    /// <summary>True when every element is within atol + rtol·|other| of other's.</summary>
    public bool allclose(Tensor other, double rtol = 1e-5, double atol = 1e-8) => s_allclose.Int(this, other, rtol, atol, false) != 0;
    /// <summary>True when shapes and all elements are equal.</summary>
    public bool equal(Tensor other) => s_equal.Int(this, other) != 0;

    /// <summary>In place: this += value.</summary>
    public Tensor add_(double value) { s_addScalarInPlace.InPlace(this, value, 1.0); return this; }
    /// <summary>In place: this −= alpha·other.</summary>
    public Tensor sub_(Tensor other, double alpha = 1) { s_subInPlace.InPlace(this, other, alpha); return this; }
    /// <summary>In place: this /= value.</summary>
    public Tensor div_(double value) { s_divScalarInPlace.InPlace(this, value); return this; }
    /// <summary>In place: √x.</summary>
    public Tensor sqrt_() { s_sqrtInPlace.InPlace(this); return this; }
    /// <summary>In place: eˣ.</summary>
    public Tensor exp_() { s_expInPlace.InPlace(this); return this; }
    /// <summary>In place: −x.</summary>
    public Tensor neg_() { s_negInPlace.InPlace(this); return this; }
    /// <summary>this + weight · (end − this).</summary>
    public Tensor lerp(Tensor end, double weight) => s_lerpScalar.Tensor(this, end, weight);
    /// <summary>this + weight · (end − this), with an elementwise weight.</summary>
    public Tensor lerp(Tensor end, Tensor weight) => s_lerpTensor.Tensor(this, end, weight);
    /// <summary>In place: this += weight · (end − this), with an elementwise weight.</summary>
    public Tensor lerp_(Tensor end, Tensor weight) { s_lerpTensorInPlace.InPlace(this, end, weight); return this; }
    /// <summary>Clamps into [min, max] elementwise (broadcast); null leaves that side open.</summary>
    public Tensor clamp(Tensor? min, Tensor? max) => s_clampTensor.Tensor(this, min, max);
    /// <summary>max(x, min).</summary>
    public Tensor clamp_min(double min) => s_clampMin.Tensor(this, min);
    /// <summary>min(x, max).</summary>
    public Tensor clamp_max(double max) => s_clampMax.Tensor(this, max);
    /// <summary>max(x, min) elementwise (broadcast).</summary>
    public Tensor clamp_min(Tensor min) => s_clampMinTensor.Tensor(this, min);
    /// <summary>min(x, max) elementwise (broadcast).</summary>
    public Tensor clamp_max(Tensor max) => s_clampMaxTensor.Tensor(this, max);
    /// <summary>1 / (1 + e⁻ˣ).</summary>
    public Tensor sigmoid() => s_sigmoid.Tensor(this);
    /// <summary>Hyperbolic tangent.</summary>
    public Tensor tanh() => s_tanh.Tensor(this);
    /// <summary>max(x, 0).</summary>
    public Tensor relu() => s_relu.Tensor(this);
    /// <summary>log(1 + x), accurate near 0.</summary>
    public Tensor log1p() => s_log1p.Tensor(this);
    /// <summary>eˣ − 1, accurate near 0.</summary>
    public Tensor expm1() => s_expm1.Tensor(this);
    /// <summary>Rounds up.</summary>
    public Tensor ceil() => s_ceil.Tensor(this);
    /// <summary>Rounds towards zero.</summary>
    public Tensor trunc() => s_trunc.Tensor(this);
    /// <summary>Sine.</summary>
    public Tensor sin() => s_sin.Tensor(this);
    /// <summary>Cosine.</summary>
    public Tensor cos() => s_cos.Tensor(this);
    /// <summary>Python-style remainder (the sign of the divisor).</summary>
    public Tensor remainder(double divisor) => s_remainder.Tensor(this, divisor);
    /// <summary>Batched matrix product of [B, n, m] and [B, m, p].</summary>
    public Tensor bmm(Tensor other) => s_bmm.Tensor(this, other);
    /// <summary>The p-norm of (this − other), a scalar.</summary>
    public Tensor dist(Tensor other, double p = 2) => s_dist.Tensor(this, other, p);
    /// <summary>Elementwise logical exclusive or.</summary>
    public Tensor logical_xor(Tensor other) => s_logicalXor.Tensor(this, other);
    /// <summary>True where the value is ±∞.</summary>
    public Tensor isinf() => s_isinf.Tensor(this);
    /// <summary>Elementwise <paramref name="condition"/> ? this : <paramref name="other"/>.</summary>
    public Tensor where(Tensor condition, Tensor other) => s_whereSelf.Tensor(condition, this, other);
    /// <summary>Elementwise <paramref name="condition"/> ? this : <paramref name="other"/>.</summary>
    public Tensor where(Tensor condition, double other) => s_whereScalarOther.Tensor(condition, this, other);

#pragma warning disable CS1591 // operators mirror the methods above
    public static Tensor operator +(Tensor a, Tensor b) => a.add(b);
    public static Tensor operator +(Tensor a, double b) => a.add(b);
    public static Tensor operator +(double a, Tensor b) => b.add(a);
    public static Tensor operator -(Tensor a, Tensor b) => a.sub(b);
    public static Tensor operator -(Tensor a, double b) => a.sub(b);
    public static Tensor operator -(double a, Tensor b) => s_rsubScalar.Tensor(b, a, 1.0);
    public static Tensor operator *(Tensor a, Tensor b) => a.mul(b);
    public static Tensor operator *(Tensor a, double b) => a.mul(b);
    public static Tensor operator *(double a, Tensor b) => b.mul(a);
    public static Tensor operator /(Tensor a, Tensor b) => a.div(b);
    public static Tensor operator /(Tensor a, double b) => a.div(b);
    public static Tensor operator -(Tensor a) => a.neg();
    public static Tensor operator <(Tensor a, Tensor b) => a.lt(b);
    public static Tensor operator >(Tensor a, Tensor b) => a.gt(b);
    public static Tensor operator <=(Tensor a, Tensor b) => a.le(b);
    public static Tensor operator >=(Tensor a, Tensor b) => a.ge(b);
    public static Tensor operator <(Tensor a, double b) => a.lt(b);
    public static Tensor operator >(Tensor a, double b) => a.gt(b);
    public static Tensor operator <=(Tensor a, double b) => a.le(b);
    public static Tensor operator >=(Tensor a, double b) => a.ge(b);
#pragma warning restore CS1591
}
