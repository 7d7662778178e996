namespace MLSegmentation.Torch;

// Views, reshapes, joins and element selection.
public partial class Tensor
{
    private static readonly Operator s_view = new("aten::view");
    private static readonly Operator s_reshape = new("aten::reshape");
    private static readonly Operator s_permute = new("aten::permute");
    private static readonly Operator s_transpose = new("aten::transpose", "int");
    private static readonly Operator s_unsqueeze = new("aten::unsqueeze");
    private static readonly Operator s_squeeze = new("aten::squeeze", "dim");
    private static readonly Operator s_squeezeAll = new("aten::squeeze");
    private static readonly Operator s_flatten = new("aten::flatten", "using_ints");
    private static readonly Operator s_expand = new("aten::expand");
    private static readonly Operator s_contiguous = new("aten::contiguous");
    private static readonly Operator s_select = new("aten::select", "int");
    private static readonly Operator s_slice = new("aten::slice", "Tensor");
    private static readonly Operator s_narrow = new("aten::narrow");
    private static readonly Operator s_indexSelect = new("aten::index_select");
    private static readonly Operator s_index = new("aten::index", "Tensor");
    private static readonly Operator s_gather = new("aten::gather");
    private static readonly Operator s_scatter = new("aten::scatter", "src");
    private static readonly Operator s_maskedFill = new("aten::masked_fill", "Scalar");
    private static readonly Operator s_maskedFillInPlace = new("aten::masked_fill_", "Scalar");
    private static readonly Operator s_maskedSelect = new("aten::masked_select");
    private static readonly Operator s_split = new("aten::split", "Tensor");
    private static readonly Operator s_chunk = new("aten::chunk");
    private static readonly Operator s_repeat = new("aten::repeat");
    private static readonly Operator s_flip = new("aten::flip");
    private static readonly Operator s_roll = new("aten::roll");
    private static readonly Operator s_nonzero = new("aten::nonzero");
    private static readonly Operator s_pad = new("aten::constant_pad_nd");
    private static readonly Operator s_oneHot = new("aten::one_hot");
    private static readonly Operator s_scatterValue = new("aten::scatter", "value");
    private static readonly Operator s_scatterInPlace = new("aten::scatter_", "src");
    private static readonly Operator s_scatterValueInPlace = new("aten::scatter_", "value");
    private static readonly Operator s_scatterAdd = new("aten::scatter_add");
    private static readonly Operator s_scatterAddInPlace = new("aten::scatter_add_");
    private static readonly Operator s_indexPut = new("aten::index_put");
    private static readonly Operator s_indexPutInPlace = new("aten::index_put_");
    private static readonly Operator s_indexAdd = new("aten::index_add");
    private static readonly Operator s_indexFillInPlace = new("aten::index_fill_", "int_Scalar");
    private static readonly Operator s_maskedScatter = new("aten::masked_scatter");
    private static readonly Operator s_expandAs = new("aten::expand_as");
    private static readonly Operator s_viewAs = new("aten::view_as");
    private static readonly Operator s_unbind = new("aten::unbind", "int");
    private static readonly Operator s_movedim = new("aten::movedim", "intlist");
    private static readonly Operator s_t = new("aten::t");
    private static readonly Operator s_unflatten = new("aten::unflatten", "int");

    /// <summary>A view with a new shape (one dimension may be −1).</summary>
    public Tensor view(params long[] shape) => s_view.Tensor(this, shape);
    /// <summary>The same elements in a new shape, a view when possible.</summary>
    public Tensor reshape(params long[] shape) => s_reshape.Tensor(this, shape);
    /// <summary>Reorders dimensions.</summary>
    public Tensor permute(params long[] dims) => s_permute.Tensor(this, dims);
    /// <summary>Swaps two dimensions.</summary>
    public Tensor transpose(long dim0, long dim1) => s_transpose.Tensor(this, dim0, dim1);
    /// <summary>Inserts a dimension of size 1.</summary>
    public Tensor unsqueeze(long dim) => s_unsqueeze.Tensor(this, dim);
    /// <summary>Removes dimension <paramref name="dim"/> if its size is 1.</summary>
    public Tensor squeeze(long dim) => s_squeeze.Tensor(this, dim);
    /// <summary>Removes every dimension of size 1.</summary>
    public Tensor squeeze() => s_squeezeAll.Tensor(this);
    /// <summary>Flattens dimensions start..end into one.</summary>
    public Tensor flatten(long startDim = 0, long endDim = -1) => s_flatten.Tensor(this, startDim, endDim);
    /// <summary>Broadcasts to a larger shape without copying (−1 keeps a size).</summary>
    public Tensor expand(params long[] shape) => s_expand.Tensor(this, shape, false);
    /// <summary>A contiguous tensor with the same values (this one if it already is).</summary>
    public Tensor contiguous() => s_contiguous.Tensor(this);
    /// <summary>The slice at <paramref name="index"/> along <paramref name="dim"/>, removing that dimension.</summary>
    public Tensor select(long dim, long index) => s_select.Tensor(this, dim, index);
    /// <summary>Elements start..end (exclusive) by step along dim; null ends are open.</summary>
    public Tensor slice(long dim, long? start, long? end, long step = 1) => s_slice.Tensor(this, dim, start, end, step);
    /// <summary>Elements start..start+length along dim.</summary>
    public Tensor narrow(long dim, long start, long length) => s_narrow.Tensor(this, dim, start, length);
    /// <summary>Rows <paramref name="index"/> (int64) along dim.</summary>
    public Tensor index_select(long dim, Tensor index) => s_indexSelect.Tensor(this, dim, index);
    /// <summary>Advanced indexing by tensors (null entries take the whole dimension), as <c>x[i, j]</c> in PyTorch.</summary>
    public Tensor index(params Tensor?[] indices) => s_index.Tensor(this, Arg.OptionalTensors(indices));
    /// <summary>Gathers values along dim at <paramref name="index"/>.</summary>
    public Tensor gather(long dim, Tensor index) => s_gather.Tensor(this, dim, index, false);
    /// <summary>A copy with <paramref name="src"/>'s values written at <paramref name="index"/> along dim.</summary>
    public Tensor scatter(long dim, Tensor index, Tensor src) => s_scatter.Tensor(this, dim, index, src);
    /// <summary>A copy with <paramref name="value"/> written at <paramref name="index"/> along dim.</summary>
    public Tensor scatter(long dim, Tensor index, double value) => s_scatterValue.Tensor(this, dim, index, value);
    /// <summary>In place: writes <paramref name="src"/>'s values at <paramref name="index"/> along dim.</summary>
    public Tensor scatter_(long dim, Tensor index, Tensor src) { s_scatterInPlace.InPlace(this, dim, index, src); return this; }
    /// <summary>In place: writes <paramref name="value"/> at <paramref name="index"/> along dim.</summary>
    public Tensor scatter_(long dim, Tensor index, double value) { s_scatterValueInPlace.InPlace(this, dim, index, value); return this; }
    /// <summary>A copy with <paramref name="src"/>'s values added at <paramref name="index"/> along dim (repeats accumulate).</summary>
    public Tensor scatter_add(long dim, Tensor index, Tensor src) => s_scatterAdd.Tensor(this, dim, index, src);
    /// <summary>In place: adds <paramref name="src"/>'s values at <paramref name="index"/> along dim.</summary>
    public Tensor scatter_add_(long dim, Tensor index, Tensor src) { s_scatterAddInPlace.InPlace(this, dim, index, src); return this; }
    /// <summary>A copy with <paramref name="values"/> written at the advanced index <paramref name="indices"/> (null entries: whole dimension); added when <paramref name="accumulate"/>.</summary>
    public Tensor index_put(Tensor?[] indices, Tensor values, bool accumulate = false) => s_indexPut.Tensor(this, Arg.OptionalTensors(indices), values, accumulate);
    /// <summary>In place: writes (or adds) <paramref name="values"/> at the advanced index <paramref name="indices"/>, as <c>x[i, j] = v</c>.</summary>
    public Tensor index_put_(Tensor?[] indices, Tensor values, bool accumulate = false) { s_indexPutInPlace.InPlace(this, Arg.OptionalTensors(indices), values, accumulate); return this; }
    /// <summary>A copy with alpha·<paramref name="source"/>'s rows added at rows <paramref name="index"/> along dim.</summary>
    public Tensor index_add(long dim, Tensor index, Tensor source, double alpha = 1) => s_indexAdd.Tensor(this, dim, index, source, alpha);
    /// <summary>In place: fills rows <paramref name="index"/> along dim with <paramref name="value"/>.</summary>
    public Tensor index_fill_(long dim, Tensor index, double value) { s_indexFillInPlace.InPlace(this, dim, index, value); return this; }
    /// <summary>A copy with <paramref name="source"/>'s leading elements written, in order, where <paramref name="mask"/> is true.</summary>
    public Tensor masked_scatter(Tensor mask, Tensor source) => s_maskedScatter.Tensor(this, mask, source);
    /// <summary>Broadcasts to <paramref name="other"/>'s shape without copying.</summary>
    public Tensor expand_as(Tensor other) => s_expandAs.Tensor(this, other);
    /// <summary>A view with <paramref name="other"/>'s shape.</summary>
    public Tensor view_as(Tensor other) => s_viewAs.Tensor(this, other);
    /// <summary>The slices along dim, each without that dimension.</summary>
    public Tensor[] unbind(long dim = 0) => s_unbind.Tensors(this, dim);
    /// <summary>Moves dimensions <paramref name="source"/> to positions <paramref name="destination"/>.</summary>
    public Tensor movedim(long[] source, long[] destination) => s_movedim.Tensor(this, source, destination);
    /// <summary>Moves dimension <paramref name="source"/> to position <paramref name="destination"/>.</summary>
    public Tensor movedim(long source, long destination) => movedim([source], [destination]);
    /// <summary>Transposes a matrix (0- and 1-D tensors are returned as they are).</summary>
    public Tensor t() => s_t.Tensor(this);
    /// <summary>Splits dimension dim into <paramref name="sizes"/> (one may be −1).</summary>
    public Tensor unflatten(long dim, long[] sizes) => s_unflatten.Tensor(this, dim, sizes);
    /// <summary>A copy with <paramref name="value"/> where <paramref name="mask"/> is true.</summary>
    public Tensor masked_fill(Tensor mask, double value) => s_maskedFill.Tensor(this, mask, value);
    /// <summary>In place: writes <paramref name="value"/> where <paramref name="mask"/> is true.</summary>
    public Tensor masked_fill_(Tensor mask, double value) { s_maskedFillInPlace.InPlace(this, mask, value); return this; }
    /// <summary>The elements where <paramref name="mask"/> is true, as one dimension.</summary>
    public Tensor masked_select(Tensor mask) => s_maskedSelect.Tensor(this, mask);
    /// <summary>Splits into pieces of <paramref name="size"/> along dim.</summary>
    public Tensor[] split(long size, long dim = 0) => s_split.Tensors(this, size, dim);
    /// <summary>Splits into <paramref name="chunks"/> nearly equal pieces along dim.</summary>
    public Tensor[] chunk(long chunks, long dim = 0) => s_chunk.Tensors(this, chunks, dim);
    /// <summary>Tiles the tensor.</summary>
    public Tensor repeat(params long[] repeats) => s_repeat.Tensor(this, repeats);
    /// <summary>Reverses the order along the given dimensions.</summary>
    public Tensor flip(params long[] dims) => s_flip.Tensor(this, dims);
    /// <summary>Rolls elements along dimensions.</summary>
    public Tensor roll(long[] shifts, long[] dims) => s_roll.Tensor(this, shifts, dims);
    /// <summary>Indices of non-zero elements, one row each.</summary>
    public Tensor nonzero() => s_nonzero.Tensor(this);
    /// <summary>Pads with a constant; <paramref name="pad"/> lists (before, after) pairs from the last dimension back.</summary>
    public Tensor pad(long[] pad, double value = 0) => s_pad.Tensor(this, pad, value);
    /// <summary>One-hot encoding of an int64 tensor as a new last dimension.</summary>
    public Tensor one_hot(long numClasses = -1) => s_oneHot.Tensor(this, numClasses);

    /// <summary>
    /// PyTorch-style indexing: integers select, ranges slice (<c>x[.., 1..3]</c>),
    /// <see cref="TensorIndex.Ellipsis"/> fills the remaining dimensions, <see cref="TensorIndex.None"/>
    /// inserts one, tensors index (bool masks or int64 indices).
    /// </summary>
    public Tensor this[params TensorIndex[] indices]
    {
        get => TensorIndex.Apply(this, indices);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            TensorIndex.Assign(this, indices, value);
        }
    }
}
