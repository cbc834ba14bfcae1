// A deliberately broken kernel: the OpenCL compiler must reject it and the build log must reach the user.
__kernel void transportRate(__global double* out) {
    out[get_global_id(0)] = undeclaredVariable * 2.0
}
