namespace MLSegmentation.Torch;

// Reductions over all elements or along dimensions.
public partial class Tensor
{
    private static readonly Operator s_sum = new("aten::sum");
    private static readonly Operator s_sumDims = new("aten::sum", "dim_IntList");
    private static readonly Operator s_mean = new("aten::mean");
    private static readonly Operator s_meanDims = new("aten::mean", "dim");
    private static readonly Operator s_max = new("aten::max");
    private static readonly Operator s_maxDim = new("aten::max", "dim");
    private static readonly Operator s_min = new("aten::min");
    private static readonly Operator s_minDim = new("aten::min", "dim");
    private static readonly Operator s_amax = new("aten::amax");
    private static readonly Operator s_amin = new("aten::amin");
    private static readonly Operator s_argmax = new("aten::argmax");
    private static readonly Operator s_argmin = new("aten::argmin");
    private static readonly Operator s_norm = new("aten::norm", "Scalar");
    private static readonly Operator s_normDims = new("aten::norm", "ScalarOpt_dim");
    private static readonly Operator s_std = new("aten::std", "correction");
    private static readonly Operator s_var = new("aten::var", "correction");
    private static readonly Operator s_prod = new("aten::prod");
    private static readonly Operator s_logsumexp = new("aten::logsumexp");
    private static readonly Operator s_any = new("aten::any");
    private static readonly Operator s_all = new("aten::all");
    private static readonly Operator s_cumsum = new("aten::cumsum");
    private static readonly Operator s_sort = new("aten::sort");
    private static readonly Operator s_topk = new("aten::topk");
    private static readonly Operator s_bincount = new("aten::bincount");
    private static readonly Operator s_unique = new("aten::_unique2");
    private static readonly Operator s_countNonzero = new("aten::count_nonzero");
    private static readonly Operator s_argsort = new("aten::argsort");
    private static readonly Operator s_sumDtype = new("aten::sum", "dim_IntList");

    /// <summary>Sum of all elements.</summary>
    public Tensor sum() => s_sum.Tensor(this);
    /// <summary>Sum along dimensions.</summary>
    public Tensor sum(long[] dims, bool keepdim = false) => s_sumDims.Tensor(this, dims, keepdim);
    /// <summary>Sum along one dimension.</summary>
    public Tensor sum(long dim, bool keepdim = false) => sum([dim], keepdim);
    /// <summary>Mean of all elements.</summary>
    public Tensor mean() => s_mean.Tensor(this);
    /// <summary>Mean along dimensions.</summary>
    public Tensor mean(long[] dims, bool keepdim = false) => s_meanDims.Tensor(this, dims, keepdim);
    /// <summary>Mean along one dimension.</summary>
    public Tensor mean(long dim, bool keepdim = false) => mean([dim], keepdim);
    /// <summary>Largest element.</summary>
    public Tensor max() => s_max.Tensor(this);
    /// <summary>Largest values and their indices along dim.</summary>
    public (Tensor values, Tensor indices) max(long dim, bool keepdim = false) => Pair(s_maxDim.Tensors(this, dim, keepdim));
    /// <summary>Smallest element.</summary>
    public Tensor min() => s_min.Tensor(this);
    /// <summary>Smallest values and their indices along dim.</summary>
    public (Tensor values, Tensor indices) min(long dim, bool keepdim = false) => Pair(s_minDim.Tensors(this, dim, keepdim));
    /// <summary>Largest values along dimensions.</summary>
    public Tensor amax(long[] dims, bool keepdim = false) => s_amax.Tensor(this, dims, keepdim);
    /// <summary>Largest values along one dimension.</summary>
    public Tensor amax(long dim, bool keepdim = false) => amax([dim], keepdim);
    /// <summary>Smallest values along one dimension.</summary>
    public Tensor amin(long dim, bool keepdim = false) => amin([dim], keepdim);
    /// <summary>Sum along dimensions, accumulated and returned as <paramref name="dtype"/> (e.g. float64 for exact counts).</summary>
    public Tensor sum(long[] dims, bool keepdim, ScalarType dtype) => s_sumDtype.Tensor(this, dims, keepdim, dtype);
    /// <summary>Number of non-zero elements (int64), over everything or along dim.</summary>
    public Tensor count_nonzero(long? dim = null) => s_countNonzero.Tensor(this, dim);
    /// <summary>Indices that sort the values along dim.</summary>
    public Tensor argsort(long dim = -1, bool descending = false) => s_argsort.Tensor(this, dim, descending);
    /// <summary>Smallest values along dimensions.</summary>
    public Tensor amin(long[] dims, bool keepdim = false) => s_amin.Tensor(this, dims, keepdim);
    /// <summary>Index of the largest value along dim (null: of the flattened tensor).</summary>
    public Tensor argmax(long? dim = null, bool keepdim = false) => s_argmax.Tensor(this, dim, keepdim);
    /// <summary>Index of the smallest value along dim (null: of the flattened tensor).</summary>
    public Tensor argmin(long? dim = null, bool keepdim = false) => s_argmin.Tensor(this, dim, keepdim);
    /// <summary>The p-norm of all elements.</summary>
    public Tensor norm(double p = 2) => s_norm.Tensor(this, p);
    /// <summary>The p-norm along dimensions.</summary>
    public Tensor norm(double p, long[] dims, bool keepdim = false) => s_normDims.Tensor(this, p, dims, keepdim);
    /// <summary>Standard deviation of all elements (correction 1 = unbiased).</summary>
    public Tensor std(long correction = 1) => s_std.Tensor(this, Arg.None, correction, false);
    /// <summary>Standard deviation along dimensions.</summary>
    public Tensor std(long[] dims, long correction = 1, bool keepdim = false) => s_std.Tensor(this, dims, correction, keepdim);
    /// <summary>Variance along dimensions (null: all).</summary>
    public Tensor var(long[]? dims = null, long correction = 1, bool keepdim = false) => s_var.Tensor(this, dims, correction, keepdim);
    /// <summary>Product of all elements.</summary>
    public Tensor prod() => s_prod.Tensor(this);
    /// <summary>log Σ exp along dimensions.</summary>
    public Tensor logsumexp(long[] dims, bool keepdim = false) => s_logsumexp.Tensor(this, dims, keepdim);
    /// <summary>True if any element is non-zero.</summary>
    public Tensor any() => s_any.Tensor(this);
    /// <summary>True if every element is non-zero.</summary>
    public Tensor all() => s_all.Tensor(this);
    /// <summary>Cumulative sum along dim.</summary>
    public Tensor cumsum(long dim) => s_cumsum.Tensor(this, dim);
    /// <summary>Sorted values and their original indices along dim.</summary>
    public (Tensor values, Tensor indices) sort(long dim = -1, bool descending = false) => Pair(s_sort.Tensors(this, dim, descending));
    /// <summary>The k largest (or smallest) values and their indices along dim.</summary>
    public (Tensor values, Tensor indices) topk(long k, long dim = -1, bool largest = true) => Pair(s_topk.Tensors(this, k, dim, largest, true));
    /// <summary>Counts of each value of a non-negative int64 vector.</summary>
    public Tensor bincount(long minlength = 0) => s_bincount.Tensor(this, Arg.None, minlength);
    /// <summary>Sorted distinct values.</summary>
    public Tensor unique()
    {
        Tensor[] r = s_unique.Tensors(this, true, false, false);
        for (int k = 1; k < r.Length; k++) r[k].Dispose();
        return r[0];
    }

    private static (Tensor, Tensor) Pair(Tensor[] r) => (r[0], r[1]);

    /// <summary>The value of a one-element tensor as a double.</summary>
    public double ToDouble() => item<double>();

    /// <summary>The value of a one-element tensor as a float.</summary>
    public float ToSingle() => item<float>();

    /// <summary>The value of a one-element tensor as a long.</summary>
    public long ToInt64() => item<long>();
}
