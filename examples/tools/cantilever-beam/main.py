"""Cantilever beam with a point load at its free end (Euler-Bernoulli beam theory)."""


def run(params):
    length = params["lengthM"]
    load = params["loadN"]
    width = params["section"]["widthM"]
    height = params["section"]["heightM"]
    young = params["youngModulusPa"]
    yield_strength = params["yieldStrengthPa"]

    inertia = width * height**3 / 12  # second moment of area, m^4
    deflection = load * length**3 / (3 * young * inertia)  # at the tip, m
    moment = load * length  # at the root, N*m
    stress = moment * (height / 2) / inertia  # extreme fibre at the root, Pa
    return {
        "secondMomentOfAreaM4": inertia,
        "tipDeflectionM": deflection,
        "maxBendingMomentNm": moment,
        "maxStressPa": stress,
        "safetyFactor": yield_strength / abs(stress) if stress else None,
        "yields": abs(stress) >= yield_strength,
    }
