"""OpenAPI 3.0 description of the hall devices' API (served at /hall/api/v1/openapi.json)."""

_error = {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}
_errors = {
    str(code): {
        "description": text,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    for code, text in (
        (400, "请求内容无效"),
        (401, "令牌无效或已停用"),
        (403, "设备类型不符"),
        (404, "办件不存在"),
        (409, "该办件已评价（一次一评）"),
        (413, "请求内容过大"),
        (422, "业务规则拒绝"),
    )
}
_grade = {"type": "integer", "minimum": 1, "maximum": 5}

SPEC = {
    "openapi": "3.0.3",
    "info": {
        "title": "HallMark 大厅设备接口",
        "version": "1.0",
        "description": "评价器提交办件评价（一次一评）；排队叫号系统提交取号，生成首问登记。每台设备一个令牌，限于其所在窗口。",
    },
    "servers": [{"url": "/hall/api/v1"}],
    "components": {
        "securitySchemes": {"device": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": _error,
            "Rating": {
                "type": "object",
                "required": ["case_number", "grade"],
                "additionalProperties": False,
                "properties": {
                    "case_number": {"type": "string", "minLength": 1, "maxLength": 40},
                    "grade": _grade,
                    "efficiency": _grade,
                    "competence": _grade,
                    "attitude": _grade,
                    "comment": {"type": "string", "maxLength": 2000},
                },
            },
            "Ticket": {
                "type": "object",
                "required": ["ticket", "visitor", "matter"],
                "additionalProperties": False,
                "properties": {
                    "ticket": {"type": "string", "minLength": 1, "maxLength": 30},
                    "visitor": {"type": "string", "minLength": 1, "maxLength": 80},
                    "matter": {"type": "string", "minLength": 1, "maxLength": 300},
                    "visitor_phone": {"type": "string", "maxLength": 40},
                    "item_code": {"type": "string", "maxLength": 40},
                    "register_case": {
                        "type": "boolean",
                        "description": "true：按 item_code 所指事项直接在本设备所在窗口收件，生成办件（首问登记随之关联）",
                    },
                },
            },
        },
    },
    "security": [{"device": []}],
    "paths": {
        "/ratings": {
            "post": {
                "operationId": "postRating",
                "summary": "评价器提交一次评价",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Rating"}}},
                },
                "responses": {
                    "201": {
                        "description": "已登记",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["id", "case_number", "grade"],
                                    "properties": {
                                        "id": {"type": "integer"},
                                        "case_number": {"type": "string"},
                                        "grade": _grade,
                                        "window": {"type": "string"},
                                    },
                                }
                            }
                        },
                    },
                    **_errors,
                },
            }
        },
        "/tickets": {
            "post": {
                "operationId": "postTicket",
                "summary": "排队叫号提交取号，生成首问登记或办件",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ticket"}}},
                },
                "responses": {
                    "201": {
                        "description": "已生成首问登记",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["first_contact", "ticket"],
                                    "properties": {
                                        "first_contact": {"type": "string"},
                                        "ticket": {"type": "string"},
                                        "window": {"type": "string"},
                                        "item_code": {"type": "string", "nullable": True},
                                        "case_number": {"type": "string", "nullable": True},
                                    },
                                }
                            }
                        },
                    },
                    **_errors,
                },
            }
        },
    },
}
