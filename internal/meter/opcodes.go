// Code generated from WasmEdge 0.14.1 include/common/enum.inc (the order of its
// OpCode enumeration). DO NOT EDIT.

package meter

// wasmedgeOp1 maps a one-byte opcode to WasmEdge's OpCode value, the index
// into its cost table; bytes that are not instructions are absent (0, so
// check with isOp1).
var wasmedgeOp1 = map[byte]uint16{
	0x00: 0,   // unreachable
	0x01: 1,   // nop
	0x02: 2,   // block
	0x03: 3,   // loop
	0x04: 4,   // if
	0x05: 5,   // else
	0x06: 6,   // try
	0x07: 7,   // catch
	0x08: 8,   // throw
	0x09: 9,   // rethrow
	0x0A: 10,  // throw_ref
	0x0B: 11,  // end
	0x0C: 12,  // br
	0x0D: 13,  // br_if
	0x0E: 14,  // br_table
	0x0F: 15,  // return
	0x10: 16,  // call
	0x11: 17,  // call_indirect
	0x12: 18,  // return_call
	0x13: 19,  // return_call_indirect
	0x14: 20,  // call_ref
	0x15: 21,  // return_call_ref
	0x18: 22,  // delegate
	0x19: 23,  // catch_all
	0x1A: 24,  // drop
	0x1B: 25,  // select
	0x1C: 26,  // select
	0x1F: 27,  // try_table
	0x20: 28,  // local.get
	0x21: 29,  // local.set
	0x22: 30,  // local.tee
	0x23: 31,  // global.get
	0x24: 32,  // global.set
	0x25: 33,  // table.get
	0x26: 34,  // table.set
	0x28: 35,  // i32.load
	0x29: 36,  // i64.load
	0x2A: 37,  // f32.load
	0x2B: 38,  // f64.load
	0x2C: 39,  // i32.load8_s
	0x2D: 40,  // i32.load8_u
	0x2E: 41,  // i32.load16_s
	0x2F: 42,  // i32.load16_u
	0x30: 43,  // i64.load8_s
	0x31: 44,  // i64.load8_u
	0x32: 45,  // i64.load16_s
	0x33: 46,  // i64.load16_u
	0x34: 47,  // i64.load32_s
	0x35: 48,  // i64.load32_u
	0x36: 49,  // i32.store
	0x37: 50,  // i64.store
	0x38: 51,  // f32.store
	0x39: 52,  // f64.store
	0x3A: 53,  // i32.store8
	0x3B: 54,  // i32.store16
	0x3C: 55,  // i64.store8
	0x3D: 56,  // i64.store16
	0x3E: 57,  // i64.store32
	0x3F: 58,  // memory.size
	0x40: 59,  // memory.grow
	0x41: 60,  // i32.const
	0x42: 61,  // i64.const
	0x43: 62,  // f32.const
	0x44: 63,  // f64.const
	0x45: 64,  // i32.eqz
	0x46: 65,  // i32.eq
	0x47: 66,  // i32.ne
	0x48: 67,  // i32.lt_s
	0x49: 68,  // i32.lt_u
	0x4A: 69,  // i32.gt_s
	0x4B: 70,  // i32.gt_u
	0x4C: 71,  // i32.le_s
	0x4D: 72,  // i32.le_u
	0x4E: 73,  // i32.ge_s
	0x4F: 74,  // i32.ge_u
	0x50: 75,  // i64.eqz
	0x51: 76,  // i64.eq
	0x52: 77,  // i64.ne
	0x53: 78,  // i64.lt_s
	0x54: 79,  // i64.lt_u
	0x55: 80,  // i64.gt_s
	0x56: 81,  // i64.gt_u
	0x57: 82,  // i64.le_s
	0x58: 83,  // i64.le_u
	0x59: 84,  // i64.ge_s
	0x5A: 85,  // i64.ge_u
	0x5B: 86,  // f32.eq
	0x5C: 87,  // f32.ne
	0x5D: 88,  // f32.lt
	0x5E: 89,  // f32.gt
	0x5F: 90,  // f32.le
	0x60: 91,  // f32.ge
	0x61: 92,  // f64.eq
	0x62: 93,  // f64.ne
	0x63: 94,  // f64.lt
	0x64: 95,  // f64.gt
	0x65: 96,  // f64.le
	0x66: 97,  // f64.ge
	0x67: 98,  // i32.clz
	0x68: 99,  // i32.ctz
	0x69: 100, // i32.popcnt
	0x6A: 101, // i32.add
	0x6B: 102, // i32.sub
	0x6C: 103, // i32.mul
	0x6D: 104, // i32.div_s
	0x6E: 105, // i32.div_u
	0x6F: 106, // i32.rem_s
	0x70: 107, // i32.rem_u
	0x71: 108, // i32.and
	0x72: 109, // i32.or
	0x73: 110, // i32.xor
	0x74: 111, // i32.shl
	0x75: 112, // i32.shr_s
	0x76: 113, // i32.shr_u
	0x77: 114, // i32.rotl
	0x78: 115, // i32.rotr
	0x79: 116, // i64.clz
	0x7A: 117, // i64.ctz
	0x7B: 118, // i64.popcnt
	0x7C: 119, // i64.add
	0x7D: 120, // i64.sub
	0x7E: 121, // i64.mul
	0x7F: 122, // i64.div_s
	0x80: 123, // i64.div_u
	0x81: 124, // i64.rem_s
	0x82: 125, // i64.rem_u
	0x83: 126, // i64.and
	0x84: 127, // i64.or
	0x85: 128, // i64.xor
	0x86: 129, // i64.shl
	0x87: 130, // i64.shr_s
	0x88: 131, // i64.shr_u
	0x89: 132, // i64.rotl
	0x8A: 133, // i64.rotr
	0x8B: 134, // f32.abs
	0x8C: 135, // f32.neg
	0x8D: 136, // f32.ceil
	0x8E: 137, // f32.floor
	0x8F: 138, // f32.trunc
	0x90: 139, // f32.nearest
	0x91: 140, // f32.sqrt
	0x92: 141, // f32.add
	0x93: 142, // f32.sub
	0x94: 143, // f32.mul
	0x95: 144, // f32.div
	0x96: 145, // f32.min
	0x97: 146, // f32.max
	0x98: 147, // f32.copysign
	0x99: 148, // f64.abs
	0x9A: 149, // f64.neg
	0x9B: 150, // f64.ceil
	0x9C: 151, // f64.floor
	0x9D: 152, // f64.trunc
	0x9E: 153, // f64.nearest
	0x9F: 154, // f64.sqrt
	0xA0: 155, // f64.add
	0xA1: 156, // f64.sub
	0xA2: 157, // f64.mul
	0xA3: 158, // f64.div
	0xA4: 159, // f64.min
	0xA5: 160, // f64.max
	0xA6: 161, // f64.copysign
	0xA7: 162, // i32.wrap_i64
	0xA8: 163, // i32.trunc_f32_s
	0xA9: 164, // i32.trunc_f32_u
	0xAA: 165, // i32.trunc_f64_s
	0xAB: 166, // i32.trunc_f64_u
	0xAC: 167, // i64.extend_i32_s
	0xAD: 168, // i64.extend_i32_u
	0xAE: 169, // i64.trunc_f32_s
	0xAF: 170, // i64.trunc_f32_u
	0xB0: 171, // i64.trunc_f64_s
	0xB1: 172, // i64.trunc_f64_u
	0xB2: 173, // f32.convert_i32_s
	0xB3: 174, // f32.convert_i32_u
	0xB4: 175, // f32.convert_i64_s
	0xB5: 176, // f32.convert_i64_u
	0xB6: 177, // f32.demote_f64
	0xB7: 178, // f64.convert_i32_s
	0xB8: 179, // f64.convert_i32_u
	0xB9: 180, // f64.convert_i64_s
	0xBA: 181, // f64.convert_i64_u
	0xBB: 182, // f64.promote_f32
	0xBC: 183, // i32.reinterpret_f32
	0xBD: 184, // i64.reinterpret_f64
	0xBE: 185, // f32.reinterpret_i32
	0xBF: 186, // f64.reinterpret_i64
	0xC0: 187, // i32.extend8_s
	0xC1: 188, // i32.extend16_s
	0xC2: 189, // i64.extend8_s
	0xC3: 190, // i64.extend16_s
	0xC4: 191, // i64.extend32_s
	0xD0: 192, // ref.null
	0xD1: 193, // ref.is_null
	0xD2: 194, // ref.func
	0xD3: 195, // ref.eq
	0xD4: 196, // ref.as_non_null
	0xD5: 197, // br_on_null
	0xD6: 198, // br_on_non_null
}

// wasmedgeOpPrefixed maps prefix<<16|subopcode to WasmEdge's OpCode value.
var wasmedgeOpPrefixed = map[uint32]uint16{
	0xFB<<16 | 0:   199, // struct.new
	0xFB<<16 | 1:   200, // struct.new_default
	0xFB<<16 | 2:   201, // struct.get
	0xFB<<16 | 3:   202, // struct.get_s
	0xFB<<16 | 4:   203, // struct.get_u
	0xFB<<16 | 5:   204, // struct.set
	0xFB<<16 | 6:   205, // array.new
	0xFB<<16 | 7:   206, // array.new_default
	0xFB<<16 | 8:   207, // array.new_fixed
	0xFB<<16 | 9:   208, // array.new_data
	0xFB<<16 | 10:  209, // array.new_elem
	0xFB<<16 | 11:  210, // array.get
	0xFB<<16 | 12:  211, // array.get_s
	0xFB<<16 | 13:  212, // array.get_u
	0xFB<<16 | 14:  213, // array.set
	0xFB<<16 | 15:  214, // array.len
	0xFB<<16 | 16:  215, // array.fill
	0xFB<<16 | 17:  216, // array.copy
	0xFB<<16 | 18:  217, // array.init_data
	0xFB<<16 | 19:  218, // array.init_elem
	0xFB<<16 | 20:  219, // ref.test (ref)
	0xFB<<16 | 21:  220, // ref.test (ref.null)
	0xFB<<16 | 22:  221, // ref.cast (ref)
	0xFB<<16 | 23:  222, // ref.cast (ref.null)
	0xFB<<16 | 24:  223, // br_on_cast
	0xFB<<16 | 25:  224, // br_on_cast_fail
	0xFB<<16 | 26:  225, // any.convert_extern
	0xFB<<16 | 27:  226, // extern.convert_any
	0xFB<<16 | 28:  227, // ref.i31
	0xFB<<16 | 29:  228, // i31.get_s
	0xFB<<16 | 30:  229, // i31.get_u
	0xFC<<16 | 0:   230, // i32.trunc_sat_f32_s
	0xFC<<16 | 1:   231, // i32.trunc_sat_f32_u
	0xFC<<16 | 2:   232, // i32.trunc_sat_f64_s
	0xFC<<16 | 3:   233, // i32.trunc_sat_f64_u
	0xFC<<16 | 4:   234, // i64.trunc_sat_f32_s
	0xFC<<16 | 5:   235, // i64.trunc_sat_f32_u
	0xFC<<16 | 6:   236, // i64.trunc_sat_f64_s
	0xFC<<16 | 7:   237, // i64.trunc_sat_f64_u
	0xFC<<16 | 8:   238, // memory.init
	0xFC<<16 | 9:   239, // data.drop
	0xFC<<16 | 10:  240, // memory.copy
	0xFC<<16 | 11:  241, // memory.fill
	0xFC<<16 | 12:  242, // table.init
	0xFC<<16 | 13:  243, // elem.drop
	0xFC<<16 | 14:  244, // table.copy
	0xFC<<16 | 15:  245, // table.grow
	0xFC<<16 | 16:  246, // table.size
	0xFC<<16 | 17:  247, // table.fill
	0xFD<<16 | 0:   248, // v128.load
	0xFD<<16 | 1:   249, // v128.load8x8_s
	0xFD<<16 | 2:   250, // v128.load8x8_u
	0xFD<<16 | 3:   251, // v128.load16x4_s
	0xFD<<16 | 4:   252, // v128.load16x4_u
	0xFD<<16 | 5:   253, // v128.load32x2_s
	0xFD<<16 | 6:   254, // v128.load32x2_u
	0xFD<<16 | 7:   255, // v128.load8_splat
	0xFD<<16 | 8:   256, // v128.load16_splat
	0xFD<<16 | 9:   257, // v128.load32_splat
	0xFD<<16 | 10:  258, // v128.load64_splat
	0xFD<<16 | 11:  259, // v128.store
	0xFD<<16 | 12:  260, // v128.const
	0xFD<<16 | 13:  261, // i8x16.shuffle
	0xFD<<16 | 14:  262, // i8x16.swizzle
	0xFD<<16 | 15:  263, // i8x16.splat
	0xFD<<16 | 16:  264, // i16x8.splat
	0xFD<<16 | 17:  265, // i32x4.splat
	0xFD<<16 | 18:  266, // i64x2.splat
	0xFD<<16 | 19:  267, // f32x4.splat
	0xFD<<16 | 20:  268, // f64x2.splat
	0xFD<<16 | 21:  269, // i8x16.extract_lane_s
	0xFD<<16 | 22:  270, // i8x16.extract_lane_u
	0xFD<<16 | 23:  271, // i8x16.replace_lane
	0xFD<<16 | 24:  272, // i16x8.extract_lane_s
	0xFD<<16 | 25:  273, // i16x8.extract_lane_u
	0xFD<<16 | 26:  274, // i16x8.replace_lane
	0xFD<<16 | 27:  275, // i32x4.extract_lane
	0xFD<<16 | 28:  276, // i32x4.replace_lane
	0xFD<<16 | 29:  277, // i64x2.extract_lane
	0xFD<<16 | 30:  278, // i64x2.replace_lane
	0xFD<<16 | 31:  279, // f32x4.extract_lane
	0xFD<<16 | 32:  280, // f32x4.replace_lane
	0xFD<<16 | 33:  281, // f64x2.extract_lane
	0xFD<<16 | 34:  282, // f64x2.replace_lane
	0xFD<<16 | 35:  283, // i8x16.eq
	0xFD<<16 | 36:  284, // i8x16.ne
	0xFD<<16 | 37:  285, // i8x16.lt_s
	0xFD<<16 | 38:  286, // i8x16.lt_u
	0xFD<<16 | 39:  287, // i8x16.gt_s
	0xFD<<16 | 40:  288, // i8x16.gt_u
	0xFD<<16 | 41:  289, // i8x16.le_s
	0xFD<<16 | 42:  290, // i8x16.le_u
	0xFD<<16 | 43:  291, // i8x16.ge_s
	0xFD<<16 | 44:  292, // i8x16.ge_u
	0xFD<<16 | 45:  293, // i16x8.eq
	0xFD<<16 | 46:  294, // i16x8.ne
	0xFD<<16 | 47:  295, // i16x8.lt_s
	0xFD<<16 | 48:  296, // i16x8.lt_u
	0xFD<<16 | 49:  297, // i16x8.gt_s
	0xFD<<16 | 50:  298, // i16x8.gt_u
	0xFD<<16 | 51:  299, // i16x8.le_s
	0xFD<<16 | 52:  300, // i16x8.le_u
	0xFD<<16 | 53:  301, // i16x8.ge_s
	0xFD<<16 | 54:  302, // i16x8.ge_u
	0xFD<<16 | 55:  303, // i32x4.eq
	0xFD<<16 | 56:  304, // i32x4.ne
	0xFD<<16 | 57:  305, // i32x4.lt_s
	0xFD<<16 | 58:  306, // i32x4.lt_u
	0xFD<<16 | 59:  307, // i32x4.gt_s
	0xFD<<16 | 60:  308, // i32x4.gt_u
	0xFD<<16 | 61:  309, // i32x4.le_s
	0xFD<<16 | 62:  310, // i32x4.le_u
	0xFD<<16 | 63:  311, // i32x4.ge_s
	0xFD<<16 | 64:  312, // i32x4.ge_u
	0xFD<<16 | 65:  313, // f32x4.eq
	0xFD<<16 | 66:  314, // f32x4.ne
	0xFD<<16 | 67:  315, // f32x4.lt
	0xFD<<16 | 68:  316, // f32x4.gt
	0xFD<<16 | 69:  317, // f32x4.le
	0xFD<<16 | 70:  318, // f32x4.ge
	0xFD<<16 | 71:  319, // f64x2.eq
	0xFD<<16 | 72:  320, // f64x2.ne
	0xFD<<16 | 73:  321, // f64x2.lt
	0xFD<<16 | 74:  322, // f64x2.gt
	0xFD<<16 | 75:  323, // f64x2.le
	0xFD<<16 | 76:  324, // f64x2.ge
	0xFD<<16 | 77:  325, // v128.not
	0xFD<<16 | 78:  326, // v128.and
	0xFD<<16 | 79:  327, // v128.andnot
	0xFD<<16 | 80:  328, // v128.or
	0xFD<<16 | 81:  329, // v128.xor
	0xFD<<16 | 82:  330, // v128.bitselect
	0xFD<<16 | 83:  331, // v128.any_true
	0xFD<<16 | 84:  332, // v128.load8_lane
	0xFD<<16 | 85:  333, // v128.load16_lane
	0xFD<<16 | 86:  334, // v128.load32_lane
	0xFD<<16 | 87:  335, // v128.load64_lane
	0xFD<<16 | 88:  336, // v128.store8_lane
	0xFD<<16 | 89:  337, // v128.store16_lane
	0xFD<<16 | 90:  338, // v128.store32_lane
	0xFD<<16 | 91:  339, // v128.store64_lane
	0xFD<<16 | 92:  340, // v128.load32_zero
	0xFD<<16 | 93:  341, // v128.load64_zero
	0xFD<<16 | 94:  342, // f32x4.demote_f64x2_zero
	0xFD<<16 | 95:  343, // f64x2.promote_low_f32x4
	0xFD<<16 | 96:  344, // i8x16.abs
	0xFD<<16 | 97:  345, // i8x16.neg
	0xFD<<16 | 98:  346, // i8x16.popcnt
	0xFD<<16 | 99:  347, // i8x16.all_true
	0xFD<<16 | 100: 348, // i8x16.bitmask
	0xFD<<16 | 101: 349, // i8x16.narrow_i16x8_s
	0xFD<<16 | 102: 350, // i8x16.narrow_i16x8_u
	0xFD<<16 | 103: 351, // f32x4.ceil
	0xFD<<16 | 104: 352, // f32x4.floor
	0xFD<<16 | 105: 353, // f32x4.trunc
	0xFD<<16 | 106: 354, // f32x4.nearest
	0xFD<<16 | 107: 355, // i8x16.shl
	0xFD<<16 | 108: 356, // i8x16.shr_s
	0xFD<<16 | 109: 357, // i8x16.shr_u
	0xFD<<16 | 110: 358, // i8x16.add
	0xFD<<16 | 111: 359, // i8x16.add_sat_s
	0xFD<<16 | 112: 360, // i8x16.add_sat_u
	0xFD<<16 | 113: 361, // i8x16.sub
	0xFD<<16 | 114: 362, // i8x16.sub_sat_s
	0xFD<<16 | 115: 363, // i8x16.sub_sat_u
	0xFD<<16 | 116: 364, // f64x2.ceil
	0xFD<<16 | 117: 365, // f64x2.floor
	0xFD<<16 | 118: 366, // i8x16.min_s
	0xFD<<16 | 119: 367, // i8x16.min_u
	0xFD<<16 | 120: 368, // i8x16.max_s
	0xFD<<16 | 121: 369, // i8x16.max_u
	0xFD<<16 | 122: 370, // f64x2.trunc
	0xFD<<16 | 123: 371, // i8x16.avgr_u
	0xFD<<16 | 124: 372, // i16x8.extadd_pairwise_i8x16_s
	0xFD<<16 | 125: 373, // i16x8.extadd_pairwise_i8x16_u
	0xFD<<16 | 126: 374, // i32x4.extadd_pairwise_i16x8_s
	0xFD<<16 | 127: 375, // i32x4.extadd_pairwise_i16x8_u
	0xFD<<16 | 128: 376, // i16x8.abs
	0xFD<<16 | 129: 377, // i16x8.neg
	0xFD<<16 | 130: 378, // i16x8.q15mulr_sat_s
	0xFD<<16 | 131: 379, // i16x8.all_true
	0xFD<<16 | 132: 380, // i16x8.bitmask
	0xFD<<16 | 133: 381, // i16x8.narrow_i32x4_s
	0xFD<<16 | 134: 382, // i16x8.narrow_i32x4_u
	0xFD<<16 | 135: 383, // i16x8.extend_low_i8x16_s
	0xFD<<16 | 136: 384, // i16x8.extend_high_i8x16_s
	0xFD<<16 | 137: 385, // i16x8.extend_low_i8x16_u
	0xFD<<16 | 138: 386, // i16x8.extend_high_i8x16_u
	0xFD<<16 | 139: 387, // i16x8.shl
	0xFD<<16 | 140: 388, // i16x8.shr_s
	0xFD<<16 | 141: 389, // i16x8.shr_u
	0xFD<<16 | 142: 390, // i16x8.add
	0xFD<<16 | 143: 391, // i16x8.add_sat_s
	0xFD<<16 | 144: 392, // i16x8.add_sat_u
	0xFD<<16 | 145: 393, // i16x8.sub
	0xFD<<16 | 146: 394, // i16x8.sub_sat_s
	0xFD<<16 | 147: 395, // i16x8.sub_sat_u
	0xFD<<16 | 148: 396, // f64x2.nearest
	0xFD<<16 | 149: 397, // i16x8.mul
	0xFD<<16 | 150: 398, // i16x8.min_s
	0xFD<<16 | 151: 399, // i16x8.min_u
	0xFD<<16 | 152: 400, // i16x8.max_s
	0xFD<<16 | 153: 401, // i16x8.max_u
	0xFD<<16 | 155: 402, // i16x8.avgr_u
	0xFD<<16 | 156: 403, // i16x8.extmul_low_i8x16_s
	0xFD<<16 | 157: 404, // i16x8.extmul_high_i8x16_s
	0xFD<<16 | 158: 405, // i16x8.extmul_low_i8x16_u
	0xFD<<16 | 159: 406, // i16x8.extmul_high_i8x16_u
	0xFD<<16 | 160: 407, // i32x4.abs
	0xFD<<16 | 161: 408, // i32x4.neg
	0xFD<<16 | 163: 409, // i32x4.all_true
	0xFD<<16 | 164: 410, // i32x4.bitmask
	0xFD<<16 | 167: 411, // i32x4.extend_low_i16x8_s
	0xFD<<16 | 168: 412, // i32x4.extend_high_i16x8_s
	0xFD<<16 | 169: 413, // i32x4.extend_low_i16x8_u
	0xFD<<16 | 170: 414, // i32x4.extend_high_i16x8_u
	0xFD<<16 | 171: 415, // i32x4.shl
	0xFD<<16 | 172: 416, // i32x4.shr_s
	0xFD<<16 | 173: 417, // i32x4.shr_u
	0xFD<<16 | 174: 418, // i32x4.add
	0xFD<<16 | 177: 419, // i32x4.sub
	0xFD<<16 | 181: 420, // i32x4.mul
	0xFD<<16 | 182: 421, // i32x4.min_s
	0xFD<<16 | 183: 422, // i32x4.min_u
	0xFD<<16 | 184: 423, // i32x4.max_s
	0xFD<<16 | 185: 424, // i32x4.max_u
	0xFD<<16 | 186: 425, // i32x4.dot_i16x8_s
	0xFD<<16 | 188: 426, // i32x4.extmul_low_i16x8_s
	0xFD<<16 | 189: 427, // i32x4.extmul_high_i16x8_s
	0xFD<<16 | 190: 428, // i32x4.extmul_low_i16x8_u
	0xFD<<16 | 191: 429, // i32x4.extmul_high_i16x8_u
	0xFD<<16 | 192: 430, // i64x2.abs
	0xFD<<16 | 193: 431, // i64x2.neg
	0xFD<<16 | 195: 432, // i64x2.all_true
	0xFD<<16 | 196: 433, // i64x2.bitmask
	0xFD<<16 | 199: 434, // i64x2.extend_low_i32x4_s
	0xFD<<16 | 200: 435, // i64x2.extend_high_i32x4_s
	0xFD<<16 | 201: 436, // i64x2.extend_low_i32x4_u
	0xFD<<16 | 202: 437, // i64x2.extend_high_i32x4_u
	0xFD<<16 | 203: 438, // i64x2.shl
	0xFD<<16 | 204: 439, // i64x2.shr_s
	0xFD<<16 | 205: 440, // i64x2.shr_u
	0xFD<<16 | 206: 441, // i64x2.add
	0xFD<<16 | 209: 442, // i64x2.sub
	0xFD<<16 | 213: 443, // i64x2.mul
	0xFD<<16 | 214: 444, // i64x2.eq
	0xFD<<16 | 215: 445, // i64x2.ne
	0xFD<<16 | 216: 446, // i64x2.lt_s
	0xFD<<16 | 217: 447, // i64x2.gt_s
	0xFD<<16 | 218: 448, // i64x2.le_s
	0xFD<<16 | 219: 449, // i64x2.ge_s
	0xFD<<16 | 220: 450, // i64x2.extmul_low_i32x4_s
	0xFD<<16 | 221: 451, // i64x2.extmul_high_i32x4_s
	0xFD<<16 | 222: 452, // i64x2.extmul_low_i32x4_u
	0xFD<<16 | 223: 453, // i64x2.extmul_high_i32x4_u
	0xFD<<16 | 224: 454, // f32x4.abs
	0xFD<<16 | 225: 455, // f32x4.neg
	0xFD<<16 | 227: 456, // f32x4.sqrt
	0xFD<<16 | 228: 457, // f32x4.add
	0xFD<<16 | 229: 458, // f32x4.sub
	0xFD<<16 | 230: 459, // f32x4.mul
	0xFD<<16 | 231: 460, // f32x4.div
	0xFD<<16 | 232: 461, // f32x4.min
	0xFD<<16 | 233: 462, // f32x4.max
	0xFD<<16 | 234: 463, // f32x4.pmin
	0xFD<<16 | 235: 464, // f32x4.pmax
	0xFD<<16 | 236: 465, // f64x2.abs
	0xFD<<16 | 237: 466, // f64x2.neg
	0xFD<<16 | 239: 467, // f64x2.sqrt
	0xFD<<16 | 240: 468, // f64x2.add
	0xFD<<16 | 241: 469, // f64x2.sub
	0xFD<<16 | 242: 470, // f64x2.mul
	0xFD<<16 | 243: 471, // f64x2.div
	0xFD<<16 | 244: 472, // f64x2.min
	0xFD<<16 | 245: 473, // f64x2.max
	0xFD<<16 | 246: 474, // f64x2.pmin
	0xFD<<16 | 247: 475, // f64x2.pmax
	0xFD<<16 | 248: 476, // i32x4.trunc_sat_f32x4_s
	0xFD<<16 | 249: 477, // i32x4.trunc_sat_f32x4_u
	0xFD<<16 | 250: 478, // f32x4.convert_i32x4_s
	0xFD<<16 | 251: 479, // f32x4.convert_i32x4_u
	0xFD<<16 | 252: 480, // i32x4.trunc_sat_f64x2_s_zero
	0xFD<<16 | 253: 481, // i32x4.trunc_sat_f64x2_u_zero
	0xFD<<16 | 254: 482, // f64x2.convert_low_i32x4_s
	0xFD<<16 | 255: 483, // f64x2.convert_low_i32x4_u
	0xFD<<16 | 256: 484, // i8x16.relaxed_swizzle
	0xFD<<16 | 257: 485, // i32x4.relaxed_trunc_f32x4_s
	0xFD<<16 | 258: 486, // i32x4.relaxed_trunc_f32x4_u
	0xFD<<16 | 259: 487, // i32x4.relaxed_trunc_f64x2_s_zero
	0xFD<<16 | 260: 488, // i32x4.relaxed_trunc_f64x2_u_zero
	0xFD<<16 | 261: 489, // f32x4.relaxed_madd
	0xFD<<16 | 262: 490, // f32x4.relaxed_nmadd
	0xFD<<16 | 263: 491, // f32x4.relaxed_madd
	0xFD<<16 | 264: 492, // f32x4.relaxed_nmadd
	0xFD<<16 | 265: 493, // i8x16.relaxed_laneselect
	0xFD<<16 | 266: 494, // i16x8.relaxed_laneselect
	0xFD<<16 | 267: 495, // i32x4.relaxed_laneselect
	0xFD<<16 | 268: 496, // i64x2.relaxed_laneselect
	0xFD<<16 | 269: 497, // f32x4.relaxed_min
	0xFD<<16 | 270: 498, // f32x4.relaxed_max
	0xFD<<16 | 271: 499, // f64x2.relaxed_min
	0xFD<<16 | 272: 500, // f64x2.relaxed_max
	0xFD<<16 | 273: 501, // i16x8.relaxed_q15mulr_s
	0xFD<<16 | 274: 502, // i16x8.relaxed_dot_i8x16_i7x16_s
	0xFD<<16 | 275: 503, // i32x4.relaxed_dot_i8x16_i7x16_add_s
	0xFE<<16 | 0:   504, // memory.atomic.notify
	0xFE<<16 | 1:   505, // memory.atomic.wait32
	0xFE<<16 | 2:   506, // memory.atomic.wait64
	0xFE<<16 | 3:   507, // atomic.fence
	0xFE<<16 | 16:  508, // i32.atomic.load
	0xFE<<16 | 17:  509, // i64.atomic.load
	0xFE<<16 | 18:  510, // i32.atomic.load8_u
	0xFE<<16 | 19:  511, // i32.atomic.load16_u
	0xFE<<16 | 20:  512, // i64.atomic.load8_u
	0xFE<<16 | 21:  513, // i64.atomic.load16_u
	0xFE<<16 | 22:  514, // i64.atomic.load32_u
	0xFE<<16 | 23:  515, // i32.atomic.store
	0xFE<<16 | 24:  516, // i64.atomic.store
	0xFE<<16 | 25:  517, // i32.atomic.store8
	0xFE<<16 | 26:  518, // i32.atomic.store16
	0xFE<<16 | 27:  519, // i64.atomic.store8
	0xFE<<16 | 28:  520, // i64.atomic.store16
	0xFE<<16 | 29:  521, // i64.atomic.store32
	0xFE<<16 | 30:  522, // i32.atomic.rmw.add
	0xFE<<16 | 31:  523, // i64.atomic.rmw.add
	0xFE<<16 | 32:  524, // i32.atomic.rmw8.add_u
	0xFE<<16 | 33:  525, // i32.atomic.rmw16.add_u
	0xFE<<16 | 34:  526, // i64.atomic.rmw8.add_u
	0xFE<<16 | 35:  527, // i64.atomic.rmw16.add_u
	0xFE<<16 | 36:  528, // i64.atomic.rmw32.add_u
	0xFE<<16 | 37:  529, // i32.atomic.rmw.sub
	0xFE<<16 | 38:  530, // i64.atomic.rmw.sub
	0xFE<<16 | 39:  531, // i32.atomic.rmw8.sub_u
	0xFE<<16 | 40:  532, // i32.atomic.rmw16.sub_u
	0xFE<<16 | 41:  533, // i64.atomic.rmw8.sub_u
	0xFE<<16 | 42:  534, // i64.atomic.rmw16.sub_u
	0xFE<<16 | 43:  535, // i64.atomic.rmw32.sub_u
	0xFE<<16 | 44:  536, // i32.atomic.rmw.and
	0xFE<<16 | 45:  537, // i64.atomic.rmw.and
	0xFE<<16 | 46:  538, // i32.atomic.rmw8.and_u
	0xFE<<16 | 47:  539, // i32.atomic.rmw16.and_u
	0xFE<<16 | 48:  540, // i64.atomic.rmw8.and_u
	0xFE<<16 | 49:  541, // i64.atomic.rmw16.and_u
	0xFE<<16 | 50:  542, // i64.atomic.rmw32.and_u
	0xFE<<16 | 51:  543, // i32.atomic.rmw.or
	0xFE<<16 | 52:  544, // i64.atomic.rmw.or
	0xFE<<16 | 53:  545, // i32.atomic.rmw8.or_u
	0xFE<<16 | 54:  546, // i32.atomic.rmw16.or_u
	0xFE<<16 | 55:  547, // i64.atomic.rmw8.or_u
	0xFE<<16 | 56:  548, // i64.atomic.rmw16.or_u
	0xFE<<16 | 57:  549, // i64.atomic.rmw32.or_u
	0xFE<<16 | 58:  550, // i32.atomic.rmw.xor
	0xFE<<16 | 59:  551, // i64.atomic.rmw.xor
	0xFE<<16 | 60:  552, // i32.atomic.rmw8.xor_u
	0xFE<<16 | 61:  553, // i32.atomic.rmw16.xor_u
	0xFE<<16 | 62:  554, // i64.atomic.rmw8.xor_u
	0xFE<<16 | 63:  555, // i64.atomic.rmw16.xor_u
	0xFE<<16 | 64:  556, // i64.atomic.rmw32.xor_u
	0xFE<<16 | 65:  557, // i32.atomic.rmw.xchg
	0xFE<<16 | 66:  558, // i64.atomic.rmw.xchg
	0xFE<<16 | 67:  559, // i32.atomic.rmw8.xchg_u
	0xFE<<16 | 68:  560, // i32.atomic.rmw16.xchg_u
	0xFE<<16 | 69:  561, // i64.atomic.rmw8.xchg_u
	0xFE<<16 | 70:  562, // i64.atomic.rmw16.xchg_u
	0xFE<<16 | 71:  563, // i64.atomic.rmw32.xchg_u
	0xFE<<16 | 72:  564, // i32.atomic.rmw.cmpxchg
	0xFE<<16 | 73:  565, // i64.atomic.rmw.cmpxchg
	0xFE<<16 | 74:  566, // i32.atomic.rmw8.cmpxchg_u
	0xFE<<16 | 75:  567, // i32.atomic.rmw16.cmpxchg_u
	0xFE<<16 | 76:  568, // i64.atomic.rmw8.cmpxchg_u
	0xFE<<16 | 77:  569, // i64.atomic.rmw16.cmpxchg_u
	0xFE<<16 | 78:  570, // i64.atomic.rmw32.cmpxchg_u
}
